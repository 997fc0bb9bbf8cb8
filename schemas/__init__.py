"""One pandera DataFrameModel per warehouse table."""

from schemas.articles import ArticlesSchema
from schemas.date_mentions import DateMentionsSchema
from schemas.entity_mentions import EntityMentionsSchema
from schemas.events import EventsSchema
from schemas.money_mentions import MoneyMentionsSchema
from schemas.rejects import RejectsSchema

TABLE_SCHEMAS = {
    "articles": ArticlesSchema,
    "date_mentions": DateMentionsSchema,
    "money_mentions": MoneyMentionsSchema,
    "entity_mentions": EntityMentionsSchema,
    "events": EventsSchema,
    "rejects": RejectsSchema,
}

__all__ = [
    "TABLE_SCHEMAS",
    "ArticlesSchema",
    "DateMentionsSchema",
    "EntityMentionsSchema",
    "EventsSchema",
    "MoneyMentionsSchema",
    "RejectsSchema",
]
