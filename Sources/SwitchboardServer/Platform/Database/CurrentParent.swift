import Fluent

// Fluent caches a parent once it is loaded and keeps returning it from `get(on:)` after the
// key changes (`ticket.$supportUnit.id = other`). Within one transaction that made a ticket
// in its new unit look like it was still in the old one (the first stale reminder after a
// reassignment was timed in the old unit's calendar). `current(on:)` is the way to read a
// parent here: the cached value only while it still belongs to the key.

extension ParentProperty {
    /// The parent the key points at now.
    func current(on database: any Database) async throws -> To {
        if let value, value.id == id { return value }
        return try await get(reload: true, on: database)
    }
}

extension OptionalParentProperty {
    /// The parent the key points at now, or nil when there is none.
    func current(on database: any Database) async throws -> To? {
        guard let id else {
            value = .some(nil)
            return nil
        }
        if let cached = value, let parent = cached, parent.id == id { return parent }
        return try await get(reload: true, on: database)
    }
}
