"""Import supplier catalogues (XML) uploaded through the admin UI."""
import xml.sax
from xml.dom import pulldom
from xml.etree import ElementTree as ET
from xml.sax.handler import feature_external_ges, feature_external_pes

import defusedxml.ElementTree as DET
from lxml import etree


class CatalogueHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.items = []

    def startElement(self, name, attrs):
        if name == "item":
            self.items.append(dict(attrs))


def parse_with_lxml(data: bytes):
    # vetted-eval: vuln xml-external-entities
    parser = etree.XMLParser(resolve_entities=True)
    return etree.fromstring(data, parser)


def parse_with_lxml_dtd(data: bytes):
    # vetted-eval: vuln xml-external-entities
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=False)
    return etree.fromstring(data, parser)


def parse_with_lxml_safe(data: bytes):
    # vetted-eval: safe xml-external-entities
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def parse_with_lxml_huge(data: bytes):
    # vetted-eval: safe xml-external-entities
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
    return etree.fromstring(data, parser)


def parse_with_sax(stream):
    handler = CatalogueHandler()
    parser = xml.sax.make_parser()
    # vetted-eval: vuln xml-external-entities
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.items


def parse_with_sax_pes(stream):
    handler = CatalogueHandler()
    parser = xml.sax.make_parser()
    # vetted-eval: vuln xml-external-entities
    parser.setFeature(xml.sax.handler.feature_external_pes, True)
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.items


def parse_with_sax_safe(stream):
    handler = CatalogueHandler()
    parser = xml.sax.make_parser()
    # vetted-eval: safe xml-external-entities
    parser.setFeature(feature_external_ges, False)
    # vetted-eval: safe xml-external-entities
    parser.setFeature(feature_external_pes, False)
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.items


def parse_with_pulldom(stream):
    parser = xml.sax.make_parser()
    # vetted-eval: vuln xml-external-entities
    parser.setFeature(feature_external_ges, 1)
    events = pulldom.parse(stream, parser=parser)
    return [node for event, node in events if event == pulldom.START_ELEMENT]


def parse_with_defusedxml(data: bytes):
    # vetted-eval: safe xml-external-entities
    return DET.fromstring(data)


def parse_with_stdlib(data: bytes):
    # vetted-eval: safe xml-external-entities
    return ET.fromstring(data)
