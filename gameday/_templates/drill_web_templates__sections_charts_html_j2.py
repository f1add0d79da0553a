# Compiled from gameday/drill/web/templates/sections/charts.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '17758f7abd29d9ab5d6c227610a417aa4009672f2216aff72f3b9edc8ee07aee'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/charts.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_clock = resolve('clock')
    l_0_window = resolve('window')
    l_0_endpoints = resolve('endpoints')
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    pass
    yield '<h2>Customer traffic by endpoint <span class="muted">last '
    yield escape(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), (undefined(name='window') if l_0_window is missing else l_0_window)))
    yield ', from the simulated customers</span></h2>\n'
    if (undefined(name='endpoints') if l_0_endpoints is missing else l_0_endpoints):
        pass
        yield '<table class="charts"><thead><tr><th>endpoint</th><th>requests/s</th><th>errors</th><th>p95 latency</th></tr></thead><tbody>\n'
        for l_1_e in (undefined(name='endpoints') if l_0_endpoints is missing else l_0_endpoints):
            _loop_vars = {}
            pass
            yield '<tr>\n<th scope="row">'
            yield escape(environment.getattr(l_1_e, 'name'))
            yield '</th>\n'
            for l_2_c in environment.getattr(l_1_e, 'charts'):
                _loop_vars = {}
                pass
                yield '<td>\n<svg class="chart'
                if environment.getattr(l_2_c, 'bad'):
                    pass
                    yield ' bad'
                yield '" viewBox="0 0 '
                yield escape(environment.getattr(l_2_c, 'w'))
                yield ' '
                yield escape(environment.getattr(l_2_c, 'h'))
                yield '" width="'
                yield escape(environment.getattr(l_2_c, 'w'))
                yield '" height="'
                yield escape(environment.getattr(l_2_c, 'h'))
                yield '" role="img" aria-label="'
                yield escape(environment.getattr(l_1_e, 'name'))
                yield ' '
                yield escape(environment.getattr(l_2_c, 'label'))
                yield '">\n<line class="axis" x1="0" y1="'
                yield escape((environment.getattr(l_2_c, 'h') - 1))
                yield '" x2="'
                yield escape(environment.getattr(l_2_c, 'w'))
                yield '" y2="'
                yield escape((environment.getattr(l_2_c, 'h') - 1))
                yield '"></line>\n<polyline points="'
                yield escape(environment.getattr(l_2_c, 'points'))
                yield '"></polyline>\n</svg>\n<div class="val">'
                yield escape(t_1('%.1f', environment.getattr(l_2_c, 'last')))
                yield ' <span class="muted">'
                yield escape(environment.getattr(l_2_c, 'label'))
                yield ' (max '
                yield escape(t_1('%.0f', environment.getattr(l_2_c, 'top')))
                yield ')</span></div>\n</td>'
            l_2_c = missing
            yield '</tr>'
        l_1_e = missing
        yield '</tbody></table>\n'
    else:
        pass
        yield '<p class="muted">Waiting for the first customer stats.</p>'

blocks = {}
debug_info = '1=21&2=23&4=26&5=30&6=32&7=36&8=52&9=58&11=60'