# Compiled from gameday/drill/web/templates/sections/pages.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '88366abedce7f385c097f53ba2b3927b7e029ebfb7dd6752454e388a315e07bd'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/pages.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_state = resolve('state')
    pass
    yield '<h2>Pages</h2>\n'
    if environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'pages'):
        pass
        yield '<ul class="lines">\n'
        for l_1_p in environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'pages'):
            l_1_clock = resolve('clock')
            _loop_vars = {}
            pass
            yield '<li><time>'
            yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), environment.getattr(l_1_p, 't'), _loop_vars=_loop_vars))
            yield '</time> '
            yield escape(environment.getattr(l_1_p, 'text'))
            yield '</li>'
        l_1_p = l_1_clock = missing
        yield '</ul>'
    else:
        pass
        yield '<p class="muted">No pages yet.</p>'

blocks = {}
debug_info = '2=13&3=16'