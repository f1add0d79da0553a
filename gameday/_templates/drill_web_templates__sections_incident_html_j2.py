# Compiled from gameday/drill/web/templates/sections/incident.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '08ed1b222aa8b46247070953d7e399ecd1338994f4704ba9e43579933b8789b2'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/incident.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_state = resolve('state')
    l_0_clock = resolve('clock')
    l_0_i = missing
    pass
    l_0_i = environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'incident')
    context.vars['i'] = l_0_i
    context.exported_vars.add('i')
    yield '<h2>Incident</h2>\n<dl class="facts">\n<dt>Severity</dt><dd>'
    if environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'sev'):
        pass
        yield 'SEV '
        yield escape(environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'sev'))
    else:
        pass
        yield 'not declared'
    yield '</dd>\n<dt>Acknowledged</dt><dd>'
    if environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'acked_by'):
        pass
        yield escape(environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'acked_by'))
        yield ' at '
        yield escape(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'acknowledged_t')))
    else:
        pass
        yield 'not yet'
    yield '</dd>\n<dt>Channel</dt><dd>'
    yield escape((environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'channel') or 'not open'))
    yield '</dd>\n'
    for (l_1_key, l_1_title) in (('ic', 'Incident Commander'), ('tech', 'Technical Lead'), ('comms', 'Communications Lead')):
        _loop_vars = {}
        pass
        yield '<dt>'
        yield escape(l_1_title)
        yield '</dt><dd>'
        yield escape((context.call(environment.getattr(environment.getattr((undefined(name='i') if l_0_i is missing else l_0_i), 'roles'), 'get'), l_1_key, _loop_vars=_loop_vars) or '—'))
        yield '</dd>\n'
    l_1_key = l_1_title = missing
    yield '</dl>\n'

blocks = {}
debug_info = '1=14&4=18&5=26&6=35&7=37&8=41'