# Compiled from gameday/drill/web/templates/dashboard.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '1e61dcbae9d003db8e403804349fcc0d7a779837c28f276620a3868ab355f24a'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'dashboard.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html.j2', 'dashboard.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_drill_id = resolve('drill_id')
    pass
    yield 'Monitoring · drill '
    yield escape((undefined(name='drill_id') if l_0_drill_id is missing else l_0_drill_id))

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_sections = resolve('sections')
    pass
    yield '<section id="s-head" class="headline">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'head'))
    yield '</section>\n<section id="s-charts" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'charts'))
    yield '</section>\n<section id="s-monitors" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'monitors'))
    yield '</section>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=12&2=17&3=29&4=39&5=41&6=43'