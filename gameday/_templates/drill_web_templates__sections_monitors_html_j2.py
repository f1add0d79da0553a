# Compiled from gameday/drill/web/templates/sections/monitors.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = 'd449196407303e0c0503272e07cd60b209e7ab91c3cb70150d6e2653448b2c1e'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/monitors.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_monitors = resolve('monitors')
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    pass
    yield '<h2>Monitors <span class="muted">passing / failing since the start of the drill</span></h2>\n'
    if (undefined(name='monitors') if l_0_monitors is missing else l_0_monitors):
        pass
        yield '<table class="monitors"><tbody>\n'
        for l_1_m in (undefined(name='monitors') if l_0_monitors is missing else l_0_monitors):
            l_1_clock = resolve('clock')
            _loop_vars = {}
            pass
            yield '<tr><th scope="row">'
            yield escape(environment.getattr(l_1_m, 'name'))
            yield '</th><td class="'
            yield escape(('ok' if environment.getattr(l_1_m, 'ok') else 'fail'))
            yield '">'
            yield escape(('OK' if environment.getattr(l_1_m, 'ok') else 'FAILING'))
            yield ' since '
            yield escape(context.call((undefined(name='clock') if l_1_clock is missing else l_1_clock), environment.getattr(l_1_m, 'since'), _loop_vars=_loop_vars))
            yield '</td>\n<td><svg class="bands" viewBox="0 0 600 16" width="600" height="16" role="img" aria-label="'
            yield escape(environment.getattr(l_1_m, 'name'))
            yield ' history">\n'
            for l_2_b in environment.getattr(l_1_m, 'bands'):
                _loop_vars = {}
                pass
                yield '<rect x="'
                yield escape(t_1('%.1f', environment.getattr(l_2_b, 'x')))
                yield '" y="0" width="'
                yield escape(t_1('%.1f', environment.getattr(l_2_b, 'w')))
                yield '" height="16" class="'
                yield escape(('ok' if environment.getattr(l_2_b, 'ok') else 'fail'))
                yield '"><title>'
                yield escape(environment.getattr(l_2_b, 'title'))
                yield '</title></rect>'
            l_2_b = missing
            yield '</svg></td></tr>'
        l_1_m = l_1_clock = missing
        yield '</tbody></table>\n'
    else:
        pass
        yield '<p class="muted">No monitor has reported yet.</p>'

blocks = {}
debug_info = '2=19&4=22&5=35&6=37'