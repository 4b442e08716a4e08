import Foundation
import Plot

/// The web pages' building blocks, on top of Plot. Plot escapes text only partly (it keeps
/// anything that looks like an entity) and does not escape attribute values at all, so every
/// page is built with these helpers, which escape every string they are given.
typealias Markup = Node<HTML.BodyContext>

enum Escape {
    static func text(_ string: String) -> String { escape(string, quotes: false) }

    static func attribute(_ string: String) -> String { escape(string, quotes: true) }

    private static func escape(_ string: String, quotes: Bool) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for character in string.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

/// An attribute: a name and a value (escaped here), or a bare boolean attribute.
struct Attr {
    var name: String
    var value: String?

    init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
    }

    static func flag(_ name: String, _ on: Bool = true) -> Attr? { on ? Attr(name, nil) : nil }

    var node: Markup { .attribute(attribute) }

    var attribute: Attribute<HTML.BodyContext> {
        Attribute(name: name, value: value.map(Escape.attribute), ignoreIfValueIsEmpty: false)
    }
}

/// Escaped text.
func text(_ string: String) -> Markup { .raw(Escape.text(string)) }

/// An element with attributes (nil ones left out) and children.
func el(_ name: String, _ attributes: [Attr?] = [], _ children: [Markup] = []) -> Markup {
    .element(named: name, nodes: attributes.compactMap { $0?.node } + children)
}

func el(_ name: String, _ attributes: [Attr?] = [], _ children: Markup...) -> Markup {
    el(name, attributes, children)
}

/// A void element (`input`, `br`, `meta`, `link`).
func void(_ name: String, _ attributes: [Attr?]) -> Markup {
    .selfClosedElement(named: name, attributes: attributes.compactMap { $0?.attribute })
}

func group(_ nodes: [Markup]) -> Markup { .group(nodes) }

func link(_ label: String, _ url: String, _ attributes: [Attr?] = []) -> Markup {
    el("a", [Attr("href", url)] + attributes, text(label))
}

func cls(_ value: String) -> Attr { Attr("class", value) }
