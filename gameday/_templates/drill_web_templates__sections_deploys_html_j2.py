# Compiled from gameday/drill/web/templates/sections/deploys.html.j2 by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '48297a267fb7b5d2d84d45689365037b4e66dbaae9d999881194602e2ddcd698'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sections/deploys.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_deploys = resolve('deploys')
    pass
    yield '<h2>Recent deploys</h2>\n'
    if environment.getattr((undefined(name='deploys') if l_0_deploys is missing else l_0_deploys), 'rows'):
        pass
        yield '<table class="deploys"><thead><tr><th>when (UTC)</th><th>ago</th><th>service</th><th>version</th><th>action</th><th>by</th><th>note</th></tr></thead><tbody>\n'
        for l_1_d in environment.getattr((undefined(name='deploys') if l_0_deploys is missing else l_0_deploys), 'rows'):
            _loop_vars = {}
            pass
            yield '<tr class="deploy-'
            yield escape(environment.getattr(l_1_d, 'action'))
            yield '"><td>'
            yield escape(environment.getattr(l_1_d, 'when'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_d, 'ago'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_d, 'service'))
            yield '</td><td><b>'
            yield escape(environment.getattr(l_1_d, 'version'))
            yield '</b></td><td>'
            yield escape(environment.getattr(l_1_d, 'action'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_d, 'by'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_d, 'note'))
            yield '</td></tr>'
        l_1_d = missing
        yield '</tbody></table>\n'
    elif environment.getattr((undefined(name='deploys') if l_0_deploys is missing else l_0_deploys), 'error'):
        pass
        yield '<p class="muted">'
        yield escape(environment.getattr((undefined(name='deploys') if l_0_deploys is missing else l_0_deploys), 'error'))
        yield '</p>\n'
    else:
        pass
        yield '<p class="muted">No deploys recorded.</p>'

blocks = {}
debug_info = '2=13&4=16&6=38'