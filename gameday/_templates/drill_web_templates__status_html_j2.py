# Compiled from gameday/drill/web/templates/status.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '0ead97a53c07ed6e03beeb5bcc4ef1dc404526dba0a57665b5450ea98ba1d9f8'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'status.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html.j2', 'status.html.j2')
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
    pass
    yield 'Status'

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_sections = resolve('sections')
    pass
    yield '<noscript><meta http-equiv="refresh" content="10"></noscript>\n<div class="statuspage">\n<h1>System status</h1>\n<section id="s-status">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'status'))
    yield '</section>\n</div>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=12&2=17&3=27&7=37'