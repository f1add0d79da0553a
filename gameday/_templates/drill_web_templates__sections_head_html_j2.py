# Compiled from gameday/drill/web/templates/sections/head.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '26b54cc2ea9ebb2c9164a0870569aef654f4a8181f1a35f54bb28afa99bdc70c'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/head.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_state = resolve('state')
    l_0_clock = resolve('clock')
    l_0_view = resolve('view')
    l_0_phase = resolve('phase')
    l_0_d = missing
    try:
        t_1 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_d = environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'drill')
    context.vars['d'] = l_0_d
    context.exported_vars.add('d')
    yield '<span class="drill">Drill <b>'
    yield escape(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'id'))
    yield '</b>'
    if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'team'):
        pass
        yield ' · team '
        yield escape(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'team'))
    yield '</span>\n<span class="clock" data-clock data-t="'
    yield escape(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 't'))
    yield '" data-running="'
    yield escape((1 if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'state') == 'running') else 0))
    yield '">'
    yield escape(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 't')))
    yield '</span>\n'
    if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'time_limit_s'):
        pass
        yield '<span class="muted">/ '
        yield escape(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'time_limit_s')))
        yield '</span>'
    if (((undefined(name='view') if l_0_view is missing else l_0_view) == 'facilitator') and t_1((undefined(name='phase') if l_0_phase is missing else l_0_phase))):
        pass
        yield '<span class="phase phase-'
        yield escape((undefined(name='phase') if l_0_phase is missing else l_0_phase))
        yield '">'
        yield escape((undefined(name='phase') if l_0_phase is missing else l_0_phase))
        yield '</span>\n'
    else:
        pass
        yield '<span class="phase phase-'
        yield escape(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'phase'))
        yield '">'
        if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'phase') == 'wrapup'):
            pass
            yield 'wrap-up'
        else:
            pass
            yield escape(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'phase'))
        yield '</span>\n'
    if ((environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'phase') == 'wrapup') and (not t_2(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'wrapup_until_t')))):
        pass
        yield '<span class="wrapup">Resolved. The stack is restored; the room stays open until '
        yield escape(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'wrapup_until_t')))
        yield ' for the final status, the review booking and notes.</span>'
    if (not t_2(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'real_incident_t'))):
        pass
        yield '<div class="real-incident" role="alert"><b>Drill stopped for a real incident</b> at '
        yield escape(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'real_incident_t')))
        yield '. Stand down from the drill and join the real response; '
        if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'phase') == 'ended'):
            pass
            yield 'the stack is restored.'
        else:
            pass
            yield 'the stack is being restored.'
        yield '</div>\n'
    elif (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'phase') == 'ended'):
        pass
        yield '<span class="ended">The drill has ended. You can still book the review.</span>'

blocks = {}
debug_info = '1=28&2=32&3=39&4=45&5=50&6=53&8=60&10=69&11=74&12=86'