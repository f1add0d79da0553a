# Compiled from gameday/drill/web/templates/error.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '39530c576d02acc81b6b7d6666b10af37df5d45a85bf9c337d8a94909018ff28'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'error.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html.j2', 'error.html.j2')
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
    l_0_status = resolve('status')
    pass
    yield 'Error '
    yield escape((undefined(name='status') if l_0_status is missing else l_0_status))

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_status = resolve('status')
    l_0_message = resolve('message')
    pass
    yield '<section class="card error-page"><h1>'
    yield escape((undefined(name='status') if l_0_status is missing else l_0_status))
    yield '</h1><p>'
    yield escape((undefined(name='message') if l_0_message is missing else l_0_message))
    yield '</p>\n<p><a href="/room">Back to the console</a></p></section>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=12&2=17&3=29&4=40'