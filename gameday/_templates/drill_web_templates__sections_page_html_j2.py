# Compiled from gameday/drill/web/templates/sections/page.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = 'd99dd5a5aa0c2829c4d4de8cef39992f927edbc8971610d87691472bf36f7cc5'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/page.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_state = resolve('state')
    l_0_clock = resolve('clock')
    l_0_p = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    l_0_p = environment.getattr((undefined(name='state') if l_0_state is missing else l_0_state), 'page')
    context.vars['p'] = l_0_p
    context.exported_vars.add('p')
    yield '<h2>The page</h2>\n'
    if environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'to'):
        pass
        yield '<p class="paged">Paged <b>'
        yield escape(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'to'))
        yield '</b> at '
        yield escape(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 't')))
        if environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'alert'):
            pass
            yield ' for <b class="alert-name">'
            yield escape(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'alert'))
            yield '</b>'
        if (environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'message') and (environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'message') != environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'alert'))):
            pass
            yield ': '
            yield escape(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'message'))
        yield '</p>\n'
    else:
        pass
        yield '<p class="muted">Nobody has been paged yet.</p>\n'
    if environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'briefing'):
        pass
        yield '<blockquote class="briefing">'
        for l_1_para in context.call(environment.getattr(context.call(environment.getattr(environment.getattr((undefined(name='p') if l_0_p is missing else l_0_p), 'briefing'), 'strip')), 'split'), '\n\n'):
            _loop_vars = {}
            pass
            yield '<p>'
            yield escape(t_1(context.eval_ctx, context.call(environment.getattr(l_1_para, 'split'), _loop_vars=_loop_vars), ' '))
            yield '</p>'
        l_1_para = missing
        yield '</blockquote>'

blocks = {}
debug_info = '1=20&3=24&4=27&8=43'