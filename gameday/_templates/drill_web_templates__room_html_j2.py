# Compiled from gameday/drill/web/templates/room.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = 'ac640707589c5387a27b7724dcd6de0355505a87ff95c7228c58f588f983a34d'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'room.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_action_form = missing
    pass
    parent_template = environment.get_template('base.html.j2', 'room.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('forms.html.j2', 'room.html.j2')._get_default_module(context)
    l_0_action_form = getattr(included_template, 'action_form', missing)
    if l_0_action_form is missing:
        l_0_action_form = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'room.html.j2') does not export the requested name 'action_form'", name='action_form')
    context.vars['action_form'] = l_0_action_form
    context.exported_vars.discard('action_form')
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
    yield 'Drill '
    yield escape((undefined(name='drill_id') if l_0_drill_id is missing else l_0_drill_id))

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_sections = resolve('sections')
    l_0_name = resolve('name')
    l_0_csrf = resolve('csrf')
    l_0_roster = resolve('roster')
    l_0_specs = resolve('specs')
    pass
    yield '<section id="s-head" class="headline">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'head'))
    yield '</section>\n<div class="you">You are <b>'
    yield escape((undefined(name='name') if l_0_name is missing else l_0_name))
    yield '</b> · <a href="/room?change=1">not you?</a></div>\n<div class="grid">\n  <div class="col">\n    <section id="s-page" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'page'))
    yield '</section>\n    <section id="s-alerts" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'alerts'))
    yield '</section>\n    <section id="s-hints" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'hints'))
    yield '</section>\n    <section id="s-stakeholders" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'stakeholders'))
    yield '</section>\n    <section id="s-deploys" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'deploys'))
    yield '</section>\n    <section id="s-incident" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'incident'))
    yield '</section>\n    <section id="s-pages" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'pages'))
    yield '</section>\n    <section id="s-status" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'status'))
    yield '</section>\n  </div>\n  <div class="col">\n    <section class="card chat">\n      <section id="s-channel">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'channel'))
    yield '</section>\n      <form class="act say" method="post" action="/room/act/say" id="form-say" novalidate>\n        <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n        <input name="text" maxlength="2000" placeholder="Say something in the incident channel" autocomplete="off" aria-label="message">\n        <button type="submit">Send</button>\n        <output class="result" aria-live="polite"></output>\n      </form>\n    </section>\n    <section class="card actions">\n      <h2>Actions</h2>\n      <datalist id="roster">'
    for l_1_p in (undefined(name='roster') if l_0_roster is missing else l_0_roster):
        _loop_vars = {}
        pass
        yield '<option value="'
        yield escape(l_1_p)
        yield '">'
    l_1_p = missing
    yield '</datalist>\n'
    def t_1(fiter):
        for l_1_spec in fiter:
            if (environment.getattr(l_1_spec, 'name') != 'say'):
                yield l_1_spec
    for l_1_spec in t_1((undefined(name='specs') if l_0_specs is missing else l_0_specs)):
        l_1_action_form = resolve('action_form')
        _loop_vars = {}
        pass
        yield escape(context.call((undefined(name='action_form') if l_1_action_form is missing else l_1_action_form), l_1_spec, (undefined(name='csrf') if l_0_csrf is missing else l_0_csrf), (undefined(name='roster') if l_0_roster is missing else l_0_roster), open=(environment.getattr(l_1_spec, 'name') in ('ack', 'declare')), _loop_vars=_loop_vars))
    l_1_spec = l_1_action_form = missing
    yield '    </section>\n  </div>\n</div>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=13&2=16&3=24&4=36&5=50&6=52&9=54&10=56&11=58&12=60&13=62&14=64&15=66&16=68&20=70&22=72&30=74&31=82'