# Compiled from gameday/scorecard/templates/scorecard.css by scripts/compile_templates.py;
# do not edit (an edited template is compiled at run time until this is written again).
SOURCE_SHA256 = '63f1d4b5aa39171508337a15576d5963a564d28977adf067b2b2896c7eb781c7'
JINJA_VERSION = '3.1.6'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'scorecard.css'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield '*{box-sizing:border-box}\nbody{margin:0;background:#eef1f6;color:#1f2933;font:14px/1.45 system-ui,-apple-system,"Segoe UI",\nRoboto,sans-serif}\nmain{max-width:1180px;margin:0 auto;padding:28px 24px 48px}\nheader{display:flex;gap:24px;align-items:center;background:#fff;border-radius:14px;\npadding:22px 26px;\nbox-shadow:0 1px 3px rgba(16,24,40,.08)}\nh1{font-size:24px;margin:0 0 4px}\nh2{font-size:17px;margin:28px 0 10px}\n.sub{color:#6b7785}\n.score{width:112px;height:112px;border-radius:50%;display:grid;place-items:center;flex:none;\nfont-size:32px;font-weight:700}\n.score small{display:block;font-size:12px;font-weight:500;color:#6b7785;text-align:center;\nmargin-top:-6px}\n.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-top:16px}\n.card{background:#fff;border-radius:12px;padding:12px 14px;\nbox-shadow:0 1px 3px rgba(16,24,40,.08)}\n.card b{display:block;font-size:20px}\n.card span{color:#6b7785;font-size:12px}\n.panel{background:#fff;border-radius:14px;padding:14px 16px;\nbox-shadow:0 1px 3px rgba(16,24,40,.08)}\n.alert{border-left:5px solid #d62839}\ntable{width:100%;border-collapse:collapse}\nth,td{text-align:left;padding:7px 8px;border-bottom:1px solid #edf0f4;vertical-align:top}\nth{font-size:12px;color:#6b7785;font-weight:600;text-transform:uppercase;letter-spacing:.03em}\ntd.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n.pill{display:inline-block;padding:1px 9px;border-radius:99px;font-size:12px;font-weight:600;\ncolor:#fff}\n.bar{height:6px;background:#edf0f4;border-radius:3px;margin-top:4px;min-width:60px}\n.bar i{display:block;height:6px;border-radius:3px}\n.ev{color:#6b7785;font-size:12px}\n.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:#6b7785;margin-top:6px}\n.legend i{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:5px;\nvertical-align:-1px}\ndetails summary{cursor:pointer;font-weight:600}\ncode{font-size:12px}\n.card .par{display:block;color:#3d4b5c;font-size:12px;margin-top:2px}\n.banner{border-left:5px solid #6c4ab6;margin-top:16px;background:#f3effb}\n'

blocks = {}
debug_info = ''