import Foundation
import SwitchboardCore
import Vapor

/// Reads the list filters from a query string: `status=new,assigned` or `status=new&status=assigned`.
/// Every wrong value is reported on its parameter; nothing is silently ignored.
enum TicketListParameters {
    static let names = [
        "status", "priority", "category", "supportUnit", "submitter", "assignee",
        "createdAfter", "createdBefore", "text", "sort", "limit", "cursor",
    ]

    static func filter(from url: URI) throws -> TicketFilter {
        let items = URLComponents(string: url.string)?.queryItems ?? []
        var values: [String: [String]] = [:]
        for item in items {
            values[item.name, default: []].append(contentsOf: (item.value ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty })
        }
        var errors = FieldErrors()
        var filter = TicketFilter()
        for name in values.keys where !names.contains(name) {
            errors.add(name, "Unknown parameter; the filters are: \(names.joined(separator: ", ")).")
        }
        func enums<E: RawRepresentable & CaseIterable & Hashable>(_ name: String, _ type: E.Type) -> Set<E> where E.RawValue == String {
            Set((values[name] ?? []).compactMap { raw in
                let parsed = E(rawValue: raw)
                if parsed == nil {
                    errors.add(name, "'\(raw)' is not one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return parsed
            })
        }
        func single(_ name: String) -> String? {
            guard let list = values[name], !list.isEmpty else { return nil }
            if list.count > 1 { errors.add(name, "Give \(name) once.") }
            return list[0]
        }
        func uuid(_ name: String) -> UUID? {
            guard let text = single(name) else { return nil }
            guard let id = UUID(uuidString: text) else { errors.add(name, "'\(text)' is not an id."); return nil }
            return id
        }
        func date(_ name: String) -> Date? {
            guard let text = single(name) else { return nil }
            guard let date = ISO8601.parse(text) else {
                errors.add(name, "'\(text)' is not an ISO 8601 date or instant (2026-01-31 or 2026-01-31T09:00:00Z).")
                return nil
            }
            return date
        }
        filter.statuses = enums("status", TicketStatus.self)
        filter.priorities = enums("priority", TicketPriority.self)
        filter.categories = enums("category", TicketCategory.self)
        for raw in values["supportUnit"] ?? [] {
            if let id = UUID(uuidString: raw) { filter.supportUnitIDs.insert(id) } else { errors.add("supportUnit", "'\(raw)' is not a unit id.") }
        }
        filter.submitterID = uuid("submitter")
        filter.assigneeID = uuid("assignee")
        filter.createdAfter = date("createdAfter")
        filter.createdBefore = date("createdBefore")
        // The text filter keeps its commas.
        filter.text = items.first { $0.name == "text" }?.value
        if (filter.text?.count ?? 0) > 200 { errors.add("text", "At most 200 characters.") }
        if let sort = single("sort") {
            if let parsed = TicketSort(rawValue: sort) { filter.sort = parsed } else {
                errors.add("sort", "'\(sort)' is not one of: \(TicketSort.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        if let limit = single("limit") {
            if let number = Int(limit), (1...TicketFilter.maximumLimit).contains(number) { filter.limit = number } else {
                errors.add("limit", "limit must be a whole number from 1 to \(TicketFilter.maximumLimit).")
            }
        }
        if let cursor = single("cursor") {
            if let after = TicketCursor.decode(cursor) { filter.after = after } else { errors.add("cursor", "The cursor is not one this server issued.") }
        }
        try HelpdeskError.check(errors)
        return filter
    }
}
