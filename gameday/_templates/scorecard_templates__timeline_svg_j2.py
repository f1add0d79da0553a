# Compiled from gameday/scorecard/templates/timeline.svg.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '8a01958ef6207b82073f7f8ee2ef9d3b58a7f0469c88af7fb57b084a4bc78358'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'timeline.svg.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_width = resolve('width')
    l_0_height = resolve('height')
    l_0_text_color = resolve('text_color')
    l_0_muted_color = resolve('muted_color')
    l_0_body = resolve('body')
    pass
    yield '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '
    yield escape((undefined(name='width') if l_0_width is missing else l_0_width))
    yield ' '
    yield escape((undefined(name='height') if l_0_height is missing else l_0_height))
    yield '" width="100%" role="img" aria-label="Drill timeline">\n<style>.lane{font:12px system-ui,sans-serif;fill:'
    yield escape((undefined(name='text_color') if l_0_text_color is missing else l_0_text_color))
    yield '}.tick{font:11px system-ui,sans-serif;fill:'
    yield escape((undefined(name='muted_color') if l_0_muted_color is missing else l_0_muted_color))
    yield '}.tag{font:bold 9px system-ui,sans-serif;fill:#fff;pointer-events:none}.dl{font:10.5px system-ui,sans-serif}</style>\n'
    yield escape((undefined(name='body') if l_0_body is missing else l_0_body))
    yield '\n</svg>\n'

blocks = {}
debug_info = '3=17&4=21&5=25'