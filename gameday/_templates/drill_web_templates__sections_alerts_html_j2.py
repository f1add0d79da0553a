# Compiled from gameday/drill/web/templates/sections/alerts.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '956b23d602b330abf1d3192db953ab5a9556bf4e81480e29db95e0d9d08cb31d'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/alerts.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_state = resolve('state')
    pass
    yield '<h2>Firing alerts</h2>\n'
    if environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'alerts'):
        pass
        yield '<table class="alerts"><thead><tr><th>since</th><th>alert</th><th>severity</th><th>message</th></tr></thead><tbody>\n'
        for l_1_a in environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'alerts'):
            l_1_clock = resolve('clock')
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), environment.getattr(l_1_a, 't'), _loop_vars=_loop_vars))
            yield '</td><td><b>'
            yield escape(environment.getattr(l_1_a, 'alert'))
            yield '</b></td><td>'
            yield escape((environment.getattr(l_1_a, 'severity') or ''))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_a, 'message'))
            yield '</td></tr>'
        l_1_a = l_1_clock = missing
        yield '</tbody></table>\n'
    else:
        pass
        yield '<p class="ok">None firing.</p>'

blocks = {}
debug_info = '2=13&4=16'