# Compiled from gameday/drill/web/templates/sections/hints.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '3d2387235103e65f3505025ac5c6235797481590c0dc358b5bb0de8a569ab14d'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/hints.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_state = resolve('state')
    pass
    yield '<h2>Hints from the facilitator</h2>\n'
    if environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'hints'):
        pass
        yield '<ul class="lines hints">\n'
        for l_1_h in environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'hints'):
            l_1_clock = resolve('clock')
            _loop_vars = {}
            pass
            yield '<li><time>'
            yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), environment.getattr(l_1_h, 't'), _loop_vars=_loop_vars))
            yield '</time> '
            yield escape(environment.getattr(l_1_h, 'text'))
            yield '</li>'
        l_1_h = l_1_clock = missing
        yield '</ul>'
    else:
        pass
        yield '<p class="muted">None (each hint costs the team points).</p>'

blocks = {}
debug_info = '2=13&3=16'