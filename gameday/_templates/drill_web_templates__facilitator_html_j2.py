# Compiled from gameday/drill/web/templates/facilitator.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '39867ce489c1b50dc4060ee1b94ad24d81f4f4da1ab1e6346976cb0201f69743'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'facilitator.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    pass
    parent_template = environment.get_template('base.html.j2', 'facilitator.html.j2')
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
    yield 'Facilitator · drill '
    yield escape((undefined(name='drill_id') if l_0_drill_id is missing else l_0_drill_id))

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_sections = resolve('sections')
    l_0_csrf = resolve('csrf')
    l_0_truth = resolve('truth')
    try:
        t_1 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    pass
    yield '<section id="s-head" class="headline">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'head'))
    yield '</section>\n<div class="grid">\n  <div class="col">\n    <section id="s-truth" class="card truth">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'truth'))
    yield '</section>\n    <section id="s-checklist" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'checklist'))
    yield '</section>\n    <section class="card controls">\n      <h2>Controls</h2>\n      <form class="act" method="post" action="/facilitator/control/hint" id="form-hint" novalidate>\n        <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n        <label class="field"><span>hint</span>\n        <select name="hint">\n'
    for l_1_h in environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'hints'):
        _loop_vars = {}
        pass
        yield '<option value="'
        yield escape(environment.getattr(l_1_h, 'index'))
        yield '">'
        yield escape(environment.getattr(l_1_h, 'index'))
        yield '. '
        yield escape(environment.getattr(l_1_h, 'text'))
        yield ' ('
        yield escape(t_1(environment.getattr(l_1_h, 'cost'), 1))
        yield ' pts)'
        if environment.getattr(l_1_h, 'sent'):
            pass
            yield ' — sent'
        yield '</option>'
    l_1_h = missing
    yield '        </select></label>\n        <button type="submit">Send hint</button>\n        <output class="result" aria-live="polite"></output>\n      </form>\n      <form class="act" method="post" action="/facilitator/control/hint" id="form-hint-text" novalidate>\n        <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n        <label class="field"><span>hint in your own words</span><textarea name="hint" rows="2" maxlength="2000"></textarea></label>\n        <button type="submit">Send hint</button>\n        <output class="result" aria-live="polite"></output>\n      </form>\n      <form class="act" method="post" action="/facilitator/control/inject" id="form-inject" novalidate>\n        <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n'
    if environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'spare_injects'):
        pass
        yield '<p class="muted">Spare injects: '
        l_1_loop = missing
        for l_1_s, l_1_loop in LoopContext(environment.getattr((undefined(name='truth') if l_0_truth is missing else l_0_truth), 'spare_injects'), undefined):
            _loop_vars = {}
            pass
            yield '<code>'
            yield escape(environment.getattr(l_1_s, 'name'))
            yield '</code> ('
            yield escape(environment.getattr(l_1_s, 'kind'))
            yield ': '
            yield escape(environment.getattr(l_1_s, 'message'))
            yield ')'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield '; '
        l_1_loop = l_1_s = missing
        yield '. Type a name as the message to fire one.</p>'
    yield '        <label class="field"><span>message</span><textarea name="message" rows="2" maxlength="2000"></textarea></label>\n        <label class="field"><span>kind</span><select name="kind"><option value="stakeholder">stakeholder message</option><option value="noise">noise alert</option></select></label>\n        <label class="field"><span>from</span><input name="sender" maxlength="80" placeholder="VP Sales / billing-service"></label>\n        <button type="submit">Fire inject</button>\n        <output class="result" aria-live="polite"></output>\n      </form>\n      <form class="act" method="post" action="/facilitator/control/extend" id="form-extend" novalidate>\n        <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n        <label class="field"><span>extend the time limit by</span><input name="by" placeholder="10m"></label>\n        <button type="submit">Extend</button>\n        <output class="result" aria-live="polite"></output>\n      </form>\n      <div class="stops">\n      <form class="act" method="post" action="/facilitator/control/end" id="form-end" data-confirm="End the drill now? The stack is restored and the drill scored." novalidate>\n        <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n        <button type="submit" class="warn">End the drill</button>\n        <output class="result" aria-live="polite"></output>\n      </form>\n      <form class="act" method="post" action="/facilitator/control/abort" id="form-abort" data-confirm="Abort the drill? The stack is restored and nothing is scored." novalidate>\n        <input type="hidden" name="csrf" value="'
    yield escape((undefined(name='csrf') if l_0_csrf is missing else l_0_csrf))
    yield '">\n        <button type="submit" class="danger">Abort</button>\n        <output class="result" aria-live="polite"></output>\n      </form>\n      </div>\n    </section>\n  </div>\n  <div class="col">\n    <section id="s-alerts" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'alerts'))
    yield '</section>\n    <section id="s-pages" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'pages'))
    yield '</section>\n    <section id="s-stakeholders" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'stakeholders'))
    yield '</section>\n    <section id="s-timeline" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'timeline'))
    yield '</section>\n    <section id="s-status" class="card">'
    yield escape(environment.getattr((undefined(name='sections') if l_0_sections is missing else l_0_sections), 'status'))
    yield '</section>\n  </div>\n</div>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=12&2=17&3=29&4=47&7=49&8=51&12=53&15=55&21=73&27=75&28=77&36=97&43=99&48=101&56=103&57=105&58=107&59=109&60=111'