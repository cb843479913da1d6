"""Rewrites the generated parts of a docs page: the lines between <!-- KIND:NAME --> and
<!-- /KIND:NAME -->, so the prose around a table stays as written."""
import re


def replace_section(text, kind, name, content, page):
    pattern = re.compile(r"(<!-- %s:%s -->\n)(?:.*?\n)?(<!-- /%s:%s -->)" % (kind, name, kind, name), re.S)
    if not pattern.search(text):
        raise SystemExit("%s has no <!-- %s:%s --> section" % (page, kind, name))
    return pattern.sub(lambda m: m.group(1) + content + "\n" + m.group(2), text)
