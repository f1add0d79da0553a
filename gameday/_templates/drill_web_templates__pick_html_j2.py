# Compiled from gameday/drill/web/templates/pick.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = 'bf0176937672aacf3c544eac73aaa9a4176a3e70b80ea0fb0f5d6e1f506a4484'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'pick.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html.j2', 'pick.html.j2')
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
    yield 'Join the drill'

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_drill_id = resolve('drill_id')
    l_0_csrf = resolve('csrf')
    l_0_roster = resolve('roster')
    pass
    yield '<section class="card pick">\n<h1>Join drill '
    yield escape((undefined(name='drill_id') if l_0_drill_id is missing else l_0_drill_id))
    yield '</h1>\n<p>Who are you? Your actions are recorded under this name.</p>\n<form method="post" action="/room/name" class="names">\n  <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n'
    for l_1_person in (undefined(name='roster') if l_0_roster is missing else l_0_roster):
        l_1_current = resolve('current')
        _loop_vars = {}
        pass
        yield '  <button type="submit" name="name" value="'
        yield escape(l_1_person)
        yield '"'
        if (l_1_person == (undefined(name='current') if l_1_current is missing else l_1_current)):
            pass
            yield ' class="current"'
        yield '>'
        yield escape(l_1_person)
        yield '</button>\n'
    l_1_person = l_1_current = missing
    yield '</form>\n<form method="post" action="/room/name" class="other">\n  <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n  <label>Someone else: <input name="name" maxlength="64" autocomplete="off"></label>\n  <button type="submit">Join</button>\n</form>\n</section>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=12&2=17&3=27&5=39&8=41&9=43&10=48&14=58'