/// Validation messages, one list per field, in the order they were found.
public struct FieldErrors: Error, Sendable, Equatable {
    public private(set) var messages: [String: [String]] = [:]

    public init() {}

    public var isEmpty: Bool { messages.isEmpty }

    public mutating func add(_ field: String, _ message: String) {
        messages[field, default: []].append(message)
    }

    /// Throws `self` when any message was added.
    public func throwIfAny() throws(FieldErrors) {
        if !isEmpty { throw self }
    }

    public var summary: String {
        messages.keys.sorted().map { "\($0): \(messages[$0]!.joined(separator: " "))" }.joined(separator: " ")
    }
}
