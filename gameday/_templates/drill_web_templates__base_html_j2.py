# Compiled from gameday/drill/web/templates/base.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '177f5c30a19cb460dd20d121355eceff439a9f401b271c2929381a8375b311bf'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'base.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_view = resolve('view')
    l_0_stream = resolve('stream')
    l_0_csrf = resolve('csrf')
    l_0_role = resolve('role')
    try:
        t_1 = environment.filters['default']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'default' found.")
    try:
        t_2 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    yield '<!doctype html><html lang="en"><head><meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield from context.blocks['title'][0](context)
    yield ' · gameday</title>\n<link rel="icon" href="data:,">\n<link rel="stylesheet" href="/static/room.css">\n<script src="/static/room.js" defer></script>\n</head>\n<body class="view-'
    yield escape((undefined(name='view') if l_0_view is missing else l_0_view))
    yield '" data-stream="'
    yield escape(t_1((undefined(name='stream') if l_0_stream is missing else l_0_stream), ''))
    yield '" data-csrf="'
    yield escape(t_1((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf), ''))
    yield '">\n<header class="bar">\n  <span class="brand">gameday</span>\n'
    if (t_2((undefined(name='role') if l_0_role is missing else l_0_role)) and (undefined(name='role') if l_0_role is missing else l_0_role)):
        pass
        yield '  <nav>\n    <a href="/room"'
        if ((undefined(name='view') if l_0_view is missing else l_0_view) == 'room'):
            pass
            yield ' aria-current="page"'
        yield '>Console</a>\n    <a href="/dashboard"'
        if ((undefined(name='view') if l_0_view is missing else l_0_view) == 'dashboard'):
            pass
            yield ' aria-current="page"'
        yield '>Monitoring</a>\n    <a href="/status" target="_blank" rel="noopener">Status page</a>\n'
        if ((undefined(name='role') if l_0_role is missing else l_0_role) == 'facilitator'):
            pass
            yield '<a href="/facilitator"'
            if ((undefined(name='view') if l_0_view is missing else l_0_view) == 'facilitator'):
                pass
                yield ' aria-current="page"'
            yield '>Facilitator</a>'
        yield '  </nav>\n'
    yield '  <span class="live" id="live" title="live updates">&#9679;</span>\n</header>\n<main>\n'
    yield from context.blocks['body'][0](context)
    yield '</main>\n</body></html>\n'

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_title = resolve('title')
    try:
        t_1 = environment.filters['default']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'default' found.")
    pass
    yield escape(t_1((undefined(name='title') if l_0_title is missing else l_0_title), 'Drill room'))

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'body': block_body}
debug_info = '5=28&10=30&13=36&15=39&16=43&18=47&24=56&5=59&24=76'