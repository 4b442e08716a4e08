import Foundation

/// One ticket with its complete history, as `switchboard import` reads it and `switchboard
/// export` writes it: one JSON object per line (JSON Lines, UTF-8), lines ordered by
/// `created_at` (README, "History import and export").
public struct HistoryTicket: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public var email: String
        public var name: String

        public init(email: String, name: String) {
            self.email = email
            self.name = name
        }
    }

    public var externalID: String
    public var type: TicketType
    public var category: TicketCategory
    /// At filing.
    public var priority: TicketPriority
    /// At filing; later values come with `field-changed` events.
    public var subject: String
    public var description: String
    public var submitter: Person
    public var vo: String?
    public var site: String?
    public var component: String?
    public var componentVersion: String?
    public var createdAt: Date
    public var events: [HistoryEvent]

    public init(externalID: String, type: TicketType, category: TicketCategory, priority: TicketPriority, subject: String, description: String,
                submitter: Person, vo: String?, site: String?, component: String?, componentVersion: String?, createdAt: Date,
                events: [HistoryEvent]) {
        self.externalID = externalID
        self.type = type
        self.category = category
        self.priority = priority
        self.subject = subject
        self.description = description
        self.submitter = submitter
        self.vo = vo
        self.site = site
        self.component = component
        self.componentVersion = componentVersion
        self.createdAt = createdAt
        self.events = events
    }
}

/// One event of an imported or exported history. `actor` is an e-mail address or `system`.
public struct HistoryEvent: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case created(unit: String, status: TicketStatus, priority: TicketPriority)
        case assignedToUnit(from: String, to: String)
        case assignedToPerson(unit: String, person: String)
        case statusChanged(from: TicketStatus, to: TicketStatus, note: String?)
        case priorityChanged(from: TicketPriority, to: TicketPriority, justification: String?)
        case comment(body: String, visibility: Visibility)
        case fieldChanged(field: String, from: String?, to: String?)

        public var kind: TicketEventKind {
            switch self {
            case .created: .created
            case .assignedToUnit: .assignedToUnit
            case .assignedToPerson: .assignedToPerson
            case .statusChanged: .statusChanged
            case .priorityChanged: .priorityChanged
            case .comment(_, let visibility): visibility == .public ? .commentPublic : .commentInternal
            case .fieldChanged: .fieldChanged
            }
        }
    }

    public static let systemActor = "system"

    public var at: Date
    public var actor: String
    public var change: Change

    public init(at: Date, actor: String, change: Change) {
        self.at = at
        self.actor = actor
        self.change = change
    }
}

/// The ticket as its history leaves it: what the ticket row says after the last event.
public struct HistoryOutcome: Sendable, Equatable {
    public var unit: String
    public var status: TicketStatus
    public var priority: TicketPriority
    /// The person responsible, cleared when the ticket moves to another unit.
    public var assignee: String?
    public var fields: [String: String?]
    public var statusSince: Date
    public var updatedAt: Date
    /// The last event a submitter may see (every event but internal comments).
    public var publicUpdatedAt: Date
}

/// Reading, checking and writing history lines. Every refusal says what is wrong and where.
public enum HistoryFile {
    /// Other spellings of the fields a `field-changed` event changes on the ticket (Switchboard's
    /// own names: `TicketField`'s and `fixedComponent`), as the ticket keys of the format write
    /// them. Any other field name is kept in the history only.
    public static let fieldAliases = [
        "site": "affectedSite", "affected_site": "affectedSite", "component_version": "componentVersion", "fixed_version": "fixedVersion",
        "fixed_component": "fixedComponent", "notification_mode": "notificationMode",
    ]

    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    // MARK: Reading

    /// Parses and checks one line. Units and people are checked later, against the database.
    public static func parse(_ line: String) throws(Refusal) -> HistoryTicket {
        try read(line).ticket
    }

    /// Parses and checks one line, and says what the ticket is after its history.
    public static func read(_ line: String) throws(Refusal) -> (ticket: HistoryTicket, outcome: HistoryOutcome) {
        guard let data = line.data(using: .utf8),
              let object = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) as? [String: Any] else {
            throw Refusal("not a JSON object")
        }
        let ticket = try ticket(object)
        return (ticket, try outcome(of: ticket))
    }

    private static func ticket(_ object: [String: Any]) throws(Refusal) -> HistoryTicket {
        let reader = Reader(object: object, path: "")
        let submitter = try reader.object("submitter")
        let person = HistoryTicket.Person(email: try submitter.email("email"), name: try submitter.text("name", maxLength: 120))
        guard let rawEvents = object["events"] as? [Any] else { throw Refusal("events: an array of events is required") }
        var events: [HistoryEvent] = []
        for (index, raw) in rawEvents.enumerated() {
            guard let event = raw as? [String: Any] else { throw Refusal("events[\(index)]: not an object") }
            events.append(try Self.event(Reader(object: event, path: "events[\(index)].")))
        }
        return HistoryTicket(
            externalID: try reader.text("external_id", maxLength: 200),
            type: try reader.value("type", as: TicketType.self),
            category: try reader.value("category", as: TicketCategory.self),
            priority: try reader.value("priority", as: TicketPriority.self),
            subject: try reader.text("subject", maxLength: TicketRules.subjectMaxLength),
            description: try reader.text("description", maxLength: TicketRules.descriptionMaxLength, allowEmpty: true),
            submitter: person,
            vo: try reader.optionalText("vo"), site: try reader.optionalText("site"), component: try reader.optionalText("component"),
            componentVersion: try reader.optionalText("component_version"),
            createdAt: try reader.instant("created_at"), events: events)
    }

    private static func event(_ reader: Reader) throws(Refusal) -> HistoryEvent {
        let at = try reader.instant("at")
        let actor = try reader.text("actor", maxLength: 254)
        guard actor == HistoryEvent.systemActor || EmailAddress.isPlausible(actor) else {
            throw Refusal("\(reader.path)actor: '\(actor)' is neither an e-mail address nor 'system'")
        }
        let kind = try reader.text("kind", maxLength: 40)
        let change: HistoryEvent.Change
        switch TicketEventKind(rawValue: kind) {
        case .created?:
            change = .created(unit: try reader.text("unit", maxLength: 120), status: try reader.value("status", as: TicketStatus.self),
                              priority: try reader.value("priority", as: TicketPriority.self))
        case .assignedToUnit?:
            change = .assignedToUnit(from: try reader.text("from_unit", maxLength: 120), to: try reader.text("to_unit", maxLength: 120))
        case .assignedToPerson?:
            // Normally an address; a name is kept as written.
            let person = try reader.text("person", maxLength: 254)
            let address = EmailAddress.normalise(person)
            change = .assignedToPerson(unit: try reader.text("unit", maxLength: 120), person: EmailAddress.isPlausible(address) ? address : person)
        case .statusChanged?:
            change = .statusChanged(from: try reader.value("from", as: TicketStatus.self), to: try reader.value("to", as: TicketStatus.self),
                                    note: try reader.optionalText("note", maxLength: TicketRules.commentMaxLength))
        case .priorityChanged?:
            change = .priorityChanged(from: try reader.value("from", as: TicketPriority.self), to: try reader.value("to", as: TicketPriority.self),
                                      justification: try reader.optionalText("justification", maxLength: TicketRules.justificationMaxLength))
        case .commentPublic?, .commentInternal?:
            change = .comment(body: try reader.text("body", maxLength: TicketRules.commentMaxLength, allowEmpty: true),
                              visibility: kind == TicketEventKind.commentPublic.rawValue ? .public : .internal)
        case .fieldChanged?:
            let named = try reader.text("field", maxLength: 60)
            let field = fieldAliases[named] ?? named
            change = .fieldChanged(field: field, from: try reader.optionalText("from", maxLength: TicketRules.descriptionMaxLength),
                                   to: try reader.optionalText("to", maxLength: TicketRules.descriptionMaxLength))
        default:
            throw Refusal("\(reader.path)kind: '\(kind)' is not an event kind of the history format")
        }
        return HistoryEvent(at: at, actor: actor, change: change)
    }

    /// Replays the history's values (not the state machine: history is stored as it was). The
    /// history must start with its filing at `created_at`, be in order, and agree with itself:
    /// each assignment leaves the unit that was responsible, each status change the status the
    /// ticket had, each priority change the priority.
    public static func outcome(of ticket: HistoryTicket) throws(Refusal) -> HistoryOutcome {
        guard let first = ticket.events.first, case .created(let unit, let status, let priority) = first.change else {
            throw Refusal("events[0]: the history must start with a 'created' event")
        }
        guard first.at == ticket.createdAt else { throw Refusal("events[0].at: the 'created' event must be at created_at") }
        guard priority == ticket.priority else {
            throw Refusal("priority: '\(ticket.priority.rawValue)' differs from the 'created' event's '\(priority.rawValue)'")
        }
        var outcome = HistoryOutcome(
            unit: unit, status: status, priority: priority, assignee: nil,
            fields: ["subject": ticket.subject, "affectedSite": ticket.site, "vo": ticket.vo, "component": ticket.component,
                     "componentVersion": ticket.componentVersion],
            statusSince: first.at, updatedAt: first.at, publicUpdatedAt: first.at)
        var previous = first.at
        for (index, event) in ticket.events.enumerated().dropFirst() {
            let place = "events[\(index)]"
            guard event.at >= previous else { throw Refusal("\(place).at: events must be ordered by 'at'") }
            previous = event.at
            switch event.change {
            case .created:
                throw Refusal("\(place): a history has one 'created' event, the first")
            case .assignedToUnit(let from, let to):
                guard from == outcome.unit else {
                    throw Refusal("\(place).from_unit: the ticket was with '\(outcome.unit)', not '\(from)'")
                }
                outcome.unit = to
                outcome.assignee = nil
            case .assignedToPerson(let unit, let person):
                // Made responsible for another unit than the ticket's: history as it was, not the responsible person now.
                if unit == outcome.unit { outcome.assignee = person }
            case .statusChanged(let from, let to, _):
                guard from == outcome.status else {
                    throw Refusal("\(place).from: the ticket was '\(outcome.status.rawValue)', not '\(from.rawValue)'")
                }
                if to != outcome.status { outcome.statusSince = event.at }
                outcome.status = to
            case .priorityChanged(let from, let to, _):
                guard from == outcome.priority else {
                    throw Refusal("\(place).from: the priority was '\(outcome.priority.rawValue)', not '\(from.rawValue)'")
                }
                outcome.priority = to
            case .comment: break
            case .fieldChanged(let field, _, let to):
                if field == TicketField.subject.rawValue && HistoryFile.isBlank(to ?? "") {
                    throw Refusal("\(place).to: a subject cannot be empty")
                }
                if field == TicketField.notificationMode.rawValue, let to, NotificationMode(rawValue: to) == nil {
                    throw Refusal("\(place).to: '\(to)' is not a notification mode")
                }
                outcome.fields[field] = .some(to)
            }
            outcome.updatedAt = event.at
            if case .comment(_, .internal) = event.change {} else { outcome.publicUpdatedAt = event.at }
        }
        return outcome
    }

    /// Field access with refusals that name the field.
    private struct Reader {
        var object: [String: Any]
        var path: String

        func raw(_ key: String) throws(Refusal) -> Any {
            guard let value = object[key], !(value is NSNull) else { throw Refusal("\(path)\(key): required") }
            return value
        }

        func text(_ key: String, maxLength: Int, allowEmpty: Bool = false) throws(Refusal) -> String {
            guard let text = try raw(key) as? String else { throw Refusal("\(path)\(key): must be a string") }
            if !allowEmpty && HistoryFile.isBlank(text) { throw Refusal("\(path)\(key): must not be empty") }
            if text.count > maxLength { throw Refusal("\(path)\(key): longer than \(maxLength) characters") }
            if text.unicodeScalars.contains(where: { $0.value == 0 }) { throw Refusal("\(path)\(key): contains a NUL character") }
            return text
        }

        func optionalText(_ key: String, maxLength: Int = TicketRules.shortFieldMaxLength) throws(Refusal) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard value is String else { throw Refusal("\(path)\(key): must be a string or null") }
            return try text(key, maxLength: maxLength, allowEmpty: true)
        }

        func email(_ key: String) throws(Refusal) -> String {
            let address = EmailAddress.normalise(try text(key, maxLength: 254))
            guard EmailAddress.isPlausible(address) else { throw Refusal("\(path)\(key): '\(address)' is not an e-mail address") }
            return address
        }

        func value<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) throws(Refusal) -> T where T.RawValue == String {
            let text = try text(key, maxLength: 60)
            guard let value = T(rawValue: text) else {
                throw Refusal("\(path)\(key): '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }

        func instant(_ key: String) throws(Refusal) -> Date {
            let text = try text(key, maxLength: 40)
            guard let instant = HistoryFile.parseInstant(text) else {
                throw Refusal("\(path)\(key): '\(text)' is not an ISO 8601 instant such as 2012-05-03T09:12:44Z")
            }
            return instant
        }

        func object(_ key: String) throws(Refusal) -> Reader {
            guard let object = try raw(key) as? [String: Any] else { throw Refusal("\(path)\(key): must be an object") }
            return Reader(object: object, path: "\(path)\(key).")
        }
    }

    /// Only white space (stops at the first other character: descriptions can be long).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    // MARK: Instants

    /// `2012-05-03T09:12:44Z`, with or without fractional seconds, with `Z` or an offset.
    public static func parseInstant(_ text: String) -> Date? { ISOInstant.parse(text) }

    /// UTC, whole seconds when the instant has no fraction (to the nearest millisecond), else milliseconds.
    public static func formatInstant(_ instant: Date) -> String {
        let milliseconds = (instant.timeIntervalSince1970 * 1000).rounded()
        return ISOInstant.format(instant, milliseconds: milliseconds.truncatingRemainder(dividingBy: 1000) != 0)
    }

    // MARK: Writing

    /// One line (without its line break): keys sorted, every ticket field present (null when
    /// absent), each event with exactly its kind's fields.
    public static func line(_ ticket: HistoryTicket) -> String {
        func string(_ value: String?) -> Any { value.map { $0 as Any } ?? NSNull() }
        var events: [[String: Any]] = []
        for event in ticket.events {
            var object: [String: Any] = ["at": formatInstant(event.at), "kind": event.change.kind.rawValue, "actor": event.actor]
            switch event.change {
            case .created(let unit, let status, let priority):
                object["unit"] = unit; object["status"] = status.rawValue; object["priority"] = priority.rawValue
            case .assignedToUnit(let from, let to):
                object["from_unit"] = from; object["to_unit"] = to
            case .assignedToPerson(let unit, let person):
                object["unit"] = unit; object["person"] = person
            case .statusChanged(let from, let to, let note):
                object["from"] = from.rawValue; object["to"] = to.rawValue
                if let note { object["note"] = note }
            case .priorityChanged(let from, let to, let justification):
                object["from"] = from.rawValue; object["to"] = to.rawValue; object["justification"] = string(justification)
            case .comment(let body, _):
                object["body"] = body
            case .fieldChanged(let field, let from, let to):
                object["field"] = field; object["from"] = string(from); object["to"] = string(to)
            }
            events.append(object)
        }
        let object: [String: Any] = [
            "external_id": ticket.externalID, "type": ticket.type.rawValue, "category": ticket.category.rawValue,
            "priority": ticket.priority.rawValue, "subject": ticket.subject, "description": ticket.description,
            "submitter": ["email": ticket.submitter.email, "name": ticket.submitter.name],
            "vo": string(ticket.vo), "site": string(ticket.site), "component": string(ticket.component),
            "component_version": string(ticket.componentVersion), "created_at": formatInstant(ticket.createdAt), "events": events,
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
