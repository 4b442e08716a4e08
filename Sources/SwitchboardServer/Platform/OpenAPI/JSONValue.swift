import Foundation

/// A JSON document built in Swift, for the OpenAPI description.
indirect enum JSONValue: Encodable, Sendable, ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case number(Int)
    case bool(Bool)
    case array([JSONValue])
    /// Keys keep their written order.
    case object([(String, JSONValue)])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }


    func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let pairs):
            var container = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, value) in pairs { try container.encode(value, forKey: AnyCodingKey(stringValue: key)) }
        }
    }

    /// Adds or replaces keys of an object.
    func merging(_ other: [(String, JSONValue)]) -> JSONValue {
        guard case .object(var pairs) = self else { return self }
        for (key, value) in other {
            if let index = pairs.firstIndex(where: { $0.0 == key }) { pairs[index].1 = value } else { pairs.append((key, value)) }
        }
        return .object(pairs)
    }
}
