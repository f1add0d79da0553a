# Compiled from gameday/drill/web/templates/forms.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = 'e20cab08d54219fde70538c9e23fa434c8d47df419095e1f390906bf9ca7fd63'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'forms.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_action_form = l_0_field = missing
    try:
        t_1 = environment.filters['replace']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'replace' found.")
    try:
        t_2 = environment.tests['string']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'string' found.")
    pass
    def macro(l_1_spec, l_1_csrf, l_1_roster, l_1_open):
        t_3 = []
        if l_1_spec is missing:
            l_1_spec = undefined("parameter 'spec' was not provided", name='spec')
        if l_1_csrf is missing:
            l_1_csrf = undefined("parameter 'csrf' was not provided", name='csrf')
        if l_1_roster is missing:
            l_1_roster = ()
        if l_1_open is missing:
            l_1_open = False
        pass
        t_3.extend((
            '<details class="action" id="action-',
            escape(environment.getattr(l_1_spec, 'name')),
            '"',
        ))
        if l_1_open:
            pass
            t_3.append(
                ' open',
            )
        t_3.extend((
            '>\n<summary><b>',
            escape(environment.getattr(l_1_spec, 'name')),
            '</b> <span class="muted">',
            escape(environment.getattr(l_1_spec, 'summary')),
            '</span></summary>\n<form class="act" method="post" action="/room/act/',
            escape(environment.getattr(l_1_spec, 'name')),
            '" id="form-',
            escape(environment.getattr(l_1_spec, 'name')),
            '" novalidate>\n  <input type="hidden" name="csrf" value="',
            escape(l_1_csrf),
            '">\n',
        ))
        for l_2_p in environment.getattr(l_1_spec, 'params'):
            _loop_vars = {}
            pass
            t_3.append(
                escape(context.call((undefined(name='field') if l_0_field is missing else l_0_field), l_1_spec, l_2_p, l_1_roster, _loop_vars=_loop_vars)),
            )
        l_2_p = missing
        t_3.extend((
            '  <button type="submit">',
            escape(environment.getattr(l_1_spec, 'name')),
            '</button>\n  <output class="result" aria-live="polite"></output>\n</form>\n</details>\n',
        ))
        return concat(t_3)
    context.exported_vars.add('action_form')
    context.vars['action_form'] = l_0_action_form = Macro(environment, macro, 'action_form', ('spec', 'csrf', 'roster', 'open'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_spec, l_1_p, l_1_roster):
        t_4 = []
        if l_1_spec is missing:
            l_1_spec = undefined("parameter 'spec' was not provided", name='spec')
        if l_1_p is missing:
            l_1_p = undefined("parameter 'p' was not provided", name='p')
        if l_1_roster is missing:
            l_1_roster = ()
        pass
        t_4.extend((
            '<label class="field"><span>',
            escape(t_1(context.eval_ctx, environment.getattr(l_1_p, 'name'), '_', ' ')),
        ))
        if environment.getattr(l_1_p, 'required'):
            pass
            t_4.append(
                ' *',
            )
        t_4.append(
            '</span>\n',
        )
        if environment.getattr(l_1_p, 'choices'):
            pass
            t_4.extend((
                '  <select name="',
                escape(environment.getattr(l_1_p, 'name')),
                '">\n',
            ))
            if (not environment.getattr(l_1_p, 'required')):
                pass
                t_4.append(
                    '<option value="">(default)</option>',
                )
            for l_2_c in environment.getattr(l_1_p, 'choices'):
                _loop_vars = {}
                pass
                t_4.extend((
                    '<option value="',
                    escape(l_2_c),
                    '"',
                ))
                if (l_2_c == environment.getattr(l_1_p, 'default')):
                    pass
                    t_4.append(
                        ' selected',
                    )
                t_4.extend((
                    '>',
                    escape(l_2_c),
                    '</option>',
                ))
            l_2_c = missing
            t_4.append(
                '  </select>\n',
            )
        elif (environment.getattr(l_1_p, 'type') == 'yes/no'):
            pass
            t_4.extend((
                '  <input type="checkbox" name="',
                escape(environment.getattr(l_1_p, 'name')),
                '" value="true">\n',
            ))
        elif environment.getattr(l_1_p, 'words'):
            pass
            t_4.extend((
                '  <textarea name="',
                escape(environment.getattr(l_1_p, 'name')),
                '" rows="2" maxlength="2000"></textarea>\n',
            ))
        elif (environment.getattr(l_1_p, 'type') == 'whole number'):
            pass
            t_4.extend((
                '  <input type="number" name="',
                escape(environment.getattr(l_1_p, 'name')),
                '" step="1">\n',
            ))
        elif (environment.getattr(l_1_p, 'name') == 'person'):
            pass
            t_4.extend((
                '  <input name="',
                escape(environment.getattr(l_1_p, 'name')),
                '" list="roster" autocomplete="off">\n',
            ))
        else:
            pass
            t_4.extend((
                '  <input name="',
                escape(environment.getattr(l_1_p, 'name')),
                '" autocomplete="off"',
            ))
            if (t_2(environment.getattr(l_1_p, 'default')) and environment.getattr(l_1_p, 'default')):
                pass
                t_4.extend((
                    ' value="',
                    escape(environment.getattr(l_1_p, 'default')),
                    '"',
                ))
            if environment.getattr(l_1_p, 'metavar'):
                pass
                t_4.extend((
                    ' placeholder="',
                    escape(environment.getattr(l_1_p, 'metavar')),
                    '"',
                ))
            t_4.append(
                '>\n',
            )
        t_4.extend((
            '<small class="muted">',
            escape(environment.getattr(l_1_p, 'help')),
            '</small></label>\n',
        ))
        return concat(t_4)
    context.exported_vars.add('field')
    context.vars['field'] = l_0_field = Macro(environment, macro, 'field', ('spec', 'p', 'roster'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=24&3=37&4=47&5=51&6=55&7=58&8=67&14=74&15=85&16=95&17=99&18=102&19=107&21=129&22=133&23=136&24=140&25=143&26=147&27=150&28=154&30=161&32=183'