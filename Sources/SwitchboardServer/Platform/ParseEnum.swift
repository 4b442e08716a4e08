import Foundation
import SwitchboardCore

/// Parses an enumerated value, adding a message listing the accepted values when it is wrong.
func parseEnum<E: RawRepresentable & CaseIterable>(
    _ text: String?, as type: E.Type, field: String, default value: E?, into errors: inout FieldErrors
) -> E? where E.RawValue == String {
    guard let text, !text.isEmpty else {
        if value == nil { errors.add(field, "\(field) is required.") }
        return value
    }
    guard let parsed = E(rawValue: text) else {
        errors.add(field, "'\(text)' is not one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")).")
        return value
    }
    return parsed
}

/// An optional enumerated value (a query parameter, a body field): nil when absent or empty,
/// refused with the accepted values when it is not one of them.
func parseOptional<E: RawRepresentable & CaseIterable>(_ text: String?, as type: E.Type, field: String) throws -> E? where E.RawValue == String {
    guard let text, !text.isEmpty else { return nil }
    guard let value = E(rawValue: text) else {
        throw HelpdeskError.invalid(field, "'\(text)' is not one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")).")
    }
    return value
}
