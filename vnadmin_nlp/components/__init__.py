"""spaCy pipeline components, one module per ``@Language.factory``."""

from .dates import DateMatcher
from .doc_numbers import DocNumberMatcher
from .entity_tagger import EntityTagger
from .extensions import register_extensions
from .org_rules import OrgRuleMatcher
from .paragraph_classifier import ParagraphClassifier
from .paragraph_rules import ParagraphRuleLabeler
from .rule_guard import RuleLabelGuard

__all__ = ["DateMatcher", "DocNumberMatcher", "EntityTagger", "OrgRuleMatcher", "ParagraphClassifier", "ParagraphRuleLabeler", "RuleLabelGuard",
           "register_extensions"]
