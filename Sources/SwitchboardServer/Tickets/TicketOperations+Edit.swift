import Fluent
import Foundation
import SwitchboardCore

/// A partial update of a ticket's fields: a key that is absent keeps its value, `null` clears
/// an optional value, anything else replaces it. Unknown keys are refused, not ignored.
public struct TicketEditInput: Decodable, Sendable {
    public enum Value: Sendable, Equatable {
        case clear
        case text(String)
        case list([String])
    }

    public var values: [TicketField: Value]

    public init(_ values: [TicketField: Value]) {
        self.values = values
    }


    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var values: [TicketField: Value] = [:]
        var errors = FieldErrors()
        for key in container.allKeys {
            guard let field = TicketField(rawValue: key.stringValue) else {
                errors.add(key.stringValue, "Not an editable field; these are: \(TicketField.allCases.map(\.rawValue).joined(separator: ", ")).")
                continue
            }
            if try container.decodeNil(forKey: key) {
                values[field] = .clear
            } else if field == .cc {
                values[field] = .list(try container.decode([String].self, forKey: key))
            } else {
                values[field] = .text(try container.decode(String.self, forKey: key))
            }
        }
        try HelpdeskError.check(errors)
        if values.isEmpty { throw HelpdeskError.invalid("body", "Name at least one field to change.") }
        self.values = values
    }
}

extension TicketOperations {
    /// Changes ticket fields; one `field-changed` event records every value before and after.
    @discardableResult
    public func editTicket(ticketID: Int, _ input: TicketEditInput, by acting: Acting) async throws -> TicketModel {
        return try await helpdesk.change(by: acting) { context in
            let (ticket, access) = try await TicketLookup.forChange(ticketID, action: nil, in: context)
            for field in input.values.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                if let refusal = Permissions.decideEdit(acting.principal, field, on: access) {
                    throw HelpdeskError.refused(refusal, ticketID: ticketID)
                }
            }
            var errors = FieldErrors()
            var changes: [FieldChange] = []
            for (field, value) in input.values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                let before = Self.value(of: field, in: ticket)
                Self.apply(value, to: field, of: ticket, errors: &errors)
                let after = Self.value(of: field, in: ticket)
                if before != after { changes.append(FieldChange(field: field.rawValue, before: before, after: after)) }
            }
            try HelpdeskError.check(errors)
            guard !changes.isEmpty else { return ticket }
            try await TicketLifecycle.touch(ticket, in: context)
            try await EventRecorder.record(
                TicketEventRecord(kind: .fieldChanged, changes: changes), on: ticket, in: context)
            try await ResponseClocks.supporterActed(on: ticket, access: access, countsAsResponse: false, in: context)
            return ticket
        }
    }

    /// A field's value as history shows it.
    static func value(of field: TicketField, in ticket: TicketModel) -> String? {
        switch field {
        case .subject: ticket.subject
        case .affectedSite: ticket.affectedSite
        case .vo: ticket.virtualOrganisation
        case .component: ticket.component
        case .componentVersion: ticket.componentVersion
        case .cc: ticket.cc.joined(separator: ", ")
        case .notificationMode: ticket.notificationMode.rawValue
        case .eta: ticket.eta.map(ISO8601.format)
        case .fixedVersion: ticket.fixedVersion
        }
    }

    private static func apply(_ value: TicketEditInput.Value, to field: TicketField, of ticket: TicketModel, errors: inout FieldErrors) {
        let name = field.rawValue
        func optionalText(_ value: TicketEditInput.Value) -> String?? {
            switch value {
            case .clear: return .some(nil)
            case .text(let text):
                let checked = TicketRules.validateText(text, field: name, required: false, maxLength: TicketRules.shortFieldMaxLength, into: &errors)
                return .some(checked)
            case .list:
                errors.add(name, "\(name) is text, not a list.")
                return nil
            }
        }
        switch field {
        case .subject:
            guard case .text(let text) = value else { errors.add(name, "The subject cannot be removed."); return }
            let subject = TicketRules.validateSubject(text, into: &errors)
            if errors.messages[name] == nil { ticket.subject = subject }
        case .affectedSite:
            if let text = optionalText(value) { ticket.affectedSite = text }
        case .vo:
            if let text = optionalText(value) { ticket.virtualOrganisation = text }
        case .component:
            if let text = optionalText(value) { ticket.component = text }
        case .componentVersion:
            if let text = optionalText(value) { ticket.componentVersion = text }
        case .fixedVersion:
            if let text = optionalText(value) { ticket.fixedVersion = text }
        case .cc:
            switch value {
            case .clear: ticket.cc = []
            case .list(let addresses): ticket.cc = TicketRules.validateCC(addresses, into: &errors)
            case .text: errors.add(name, "cc is a list of addresses.")
            }
        case .notificationMode:
            guard case .text(let text) = value, let mode = NotificationMode(rawValue: text) else {
                errors.add(name, "Use one of: \(NotificationMode.allCases.map(\.rawValue).joined(separator: ", ")).")
                return
            }
            ticket.notificationMode = mode
        case .eta:
            switch value {
            case .clear: ticket.eta = nil
            case .text(let text):
                guard let date = ISO8601.parse(text) else {
                    errors.add(name, "'\(text)' is not an ISO 8601 date or instant.")
                    return
                }
                ticket.eta = date
            case .list: errors.add(name, "eta is a date.")
            }
        }
    }
}
