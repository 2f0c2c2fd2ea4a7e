"""kg: news articles to a queryable knowledge graph."""
