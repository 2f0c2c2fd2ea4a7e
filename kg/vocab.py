"""RDF terms kg writes, as pyoxigraph nodes. The contract terms are fixed; see ontology/kg.ttl."""

from __future__ import annotations

from pyoxigraph import NamedNode

KG = "https://w3id.org/kg-news/ontology#"
RESOURCE = "https://w3id.org/kg-news/resource/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
WD = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "kg": KG, "kgr": RESOURCE, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS,
    "dcterms": DCTERMS, "prov": PROV, "schema": SCHEMA, "wd": WD,
}


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _kg(name: str) -> NamedNode:
    return NamedNode(KG + name)


# classes
ARTICLE = _kg("Article")
PERSON = _kg("Person")
COUNTRY = _kg("Country")
WEAPON_SYSTEM = _kg("WeaponSystem")
EVENT = _kg("Event")
STATEMENT = _kg("Statement")
MENTION = _kg("Mention")           # an entity mention: a span of an article's text
PLACE = _kg("Place")
OFFICE_HOLDING = _kg("OfficeHolding")

# contract properties
MENTIONS = _kg("mentions")
SPEAKER = _kg("speaker")
TEXT = _kg("text")
DIRECT = _kg("direct")
EVENT_TYPE = _kg("eventType")
START_DATE = _kg("startDate")
END_DATE = _kg("endDate")
PARTICIPANT = _kg("participant")
LOCATION = _kg("location")

# kg's own properties beyond the contract
CUE = _kg("cue")                   # Statement -> lemma of the speech verb
SAID_AT = _kg("saidAt")            # Statement -> Event
EVIDENCE = _kg("evidence")         # Statement/Event -> Mention: the span of one article it rests on
SENTENCE = _kg("sentence")         # Statement/Event/Mention -> evidence sentence text
SENTENCE_START = _kg("sentenceStartChar")  # evidence Mention -> offsets of its sentence
SENTENCE_END = _kg("sentenceEndChar")      # ... both into the article text, end exclusive
START_CHAR = _kg("startChar")      # offsets into the article text (title, blank line, body)
END_CHAR = _kg("endChar")
ANCHOR = _kg("anchor")             # the exact words of a mention
REFERS_TO = _kg("refersTo")        # Mention -> entity
HAS_MENTION = _kg("hasMention")    # Article -> Mention
IN_ARTICLE = _kg("inArticle")      # Mention -> Article
CONFIDENCE = _kg("confidence")
CONTENT_HASH = _kg("contentHash")
HELD_OFFICE = _kg("heldOffice")    # Person -> OfficeHolding
OFFICE = _kg("office")             # OfficeHolding -> office name (literal)
OFFICE_COUNTRY = _kg("officeCountry")
OBSERVED_ON = _kg("observedOn")
LOCATED_IN = _kg("locatedIn")      # Place -> Country
CATEGORY = _kg("category")         # WeaponSystem -> category literal
KG_VERSION = _kg("kgVersion")
MODEL_NAME = _kg("modelName")
MODEL_VERSION = _kg("modelVersion")
GAZETTEER_VERSION = _kg("gazetteerVersion")

EVENT_TYPES: dict[str, NamedNode] = {
    "summit": _kg("Summit"), "visit": _kg("Visit"), "meeting": _kg("Meeting"),
    "talks": _kg("Talks"), "forum": _kg("Forum"), "commission_session": _kg("CommissionSession"),
    "news_conference": _kg("NewsConference"), "interview": _kg("Interview"),
    "exercise": _kg("Exercise"), "signing": _kg("Signing"), "delivery": _kg("Delivery"),
    "other": _kg("OtherEvent"),
}

# other vocabularies
RDF_TYPE = NamedNode(RDF + "type")
RDFS_LABEL = NamedNode(RDFS + "label")
RDFS_COMMENT = NamedNode(RDFS + "comment")
OWL_SAME_AS = NamedNode(OWL + "sameAs")
SKOS_ALT_LABEL = NamedNode(SKOS + "altLabel")
DC_SOURCE = NamedNode(DCTERMS + "source")
DC_TITLE = NamedNode(DCTERMS + "title")
DC_DATE = NamedNode(DCTERMS + "date")
DC_PUBLISHER = NamedNode(DCTERMS + "publisher")
DC_IDENTIFIER = NamedNode(DCTERMS + "identifier")
PROV_DERIVED_FROM = NamedNode(PROV + "wasDerivedFrom")
PROV_GENERATED_BY = NamedNode(PROV + "wasGeneratedBy")
PROV_ACTIVITY = NamedNode(PROV + "Activity")
PROV_STARTED = NamedNode(PROV + "startedAtTime")
PROV_ENDED = NamedNode(PROV + "endedAtTime")
PROV_USED = NamedNode(PROV + "used")
PROV_SOFTWARE_AGENT = NamedNode(PROV + "SoftwareAgent")
PROV_ASSOCIATED_WITH = NamedNode(PROV + "wasAssociatedWith")
XSD_DATE = NamedNode(XSD + "date")
XSD_DATETIME = NamedNode(XSD + "dateTime")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
XSD_INTEGER = NamedNode(XSD + "integer")
XSD_DECIMAL = NamedNode(XSD + "decimal")
