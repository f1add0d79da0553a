# Compiled from gameday/drill/web/templates/sections/status.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '2d8fd17a9b8f4ce6417740104cce31039d1d2398eed668c4af816cb9c751431b'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/status.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_view = resolve('view')
    l_0_status = resolve('status')
    pass
    if ((undefined(name='view') if l_0_view is missing else l_0_view) != 'status'):
        pass
        yield '<h2>Public status page <a class="muted" href="/status" target="_blank" rel="noopener">open</a></h2>'
    yield '<div class="banner '
    yield escape(environment.getattr((undefined(name='status') if l_0_status is missing else l_0_status), 'banner_class'))
    yield '">'
    yield escape(environment.getattr((undefined(name='status') if l_0_status is missing else l_0_status), 'banner'))
    yield '</div>\n<table class="components">\n'
    for l_1_c in environment.getattr((undefined(name='status') if l_0_status is missing else l_0_status), 'components'):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.getattr(l_1_c, 'name'))
        yield '</td><td class="comp '
        yield escape(environment.getattr(l_1_c, 'state'))
        yield '">'
        yield escape(environment.getattr(l_1_c, 'label'))
        yield '</td></tr>\n'
    l_1_c = missing
    yield '</table>\n<h3>Incident updates</h3>\n'
    t_1 = 1
    for l_1_p in environment.getattr((undefined(name='status') if l_0_status is missing else l_0_status), 'posts'):
        _loop_vars = {}
        pass
        yield '<div class="post"><div class="st">'
        yield escape(environment.getattr(l_1_p, 'state'))
        yield '</div><div>'
        yield escape(environment.getattr(l_1_p, 'text'))
        yield '</div><div class="when">'
        yield escape(environment.getattr(l_1_p, 'when'))
        yield '</div></div>\n'
        t_1 = 0
    l_1_p = missing
    if t_1:
        pass
        yield '<p class="muted">No incidents reported.</p>\n'

blocks = {}
debug_info = '1=13&2=17&4=21&8=34&9=38'