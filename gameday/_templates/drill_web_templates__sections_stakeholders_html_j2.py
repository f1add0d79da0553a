# Compiled from gameday/drill/web/templates/sections/stakeholders.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '755f230f64e67d5c479289bcd23d786fa968989b93f0d0b74c75fee5c1bb1a4d'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/stakeholders.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_state = resolve('state')
    pass
    yield '<h2>Stakeholder messages</h2>\n'
    if environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'stakeholder_messages'):
        pass
        yield '<ul class="lines asks">\n'
        for l_1_s in environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'stakeholder_messages'):
            l_1_clock = resolve('clock')
            l_1_view = resolve('view')
            _loop_vars = {}
            pass
            yield '<li><time>'
            yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), environment.getattr(l_1_s, 't'), _loop_vars=_loop_vars))
            yield '</time> <b>'
            yield escape((environment.getattr(l_1_s, 'from') or 'stakeholder'))
            yield '</b>: '
            yield escape(environment.getattr(l_1_s, 'message'))
            yield '\n'
            if (((undefined(name='view') if l_1_view is missing else l_1_view) == 'room') and environment.getattr(l_1_s, 'id')):
                pass
                yield '<button type="button" class="reply" data-inject="'
                yield escape(environment.getattr(l_1_s, 'id'))
                yield '">Reply</button>'
            yield '</li>'
        l_1_s = l_1_clock = l_1_view = missing
        yield '</ul>'
    else:
        pass
        yield '<p class="muted">No messages.</p>'

blocks = {}
debug_info = '2=13&3=16&4=28'