import Fluent
import Foundation
import SwitchboardCore
import Vapor

/// Loading SearchPage's model through the helpdesk's operations.
extension SearchPage {
    static func query(_ helpdesk: Helpdesk, actor: Principal, url: URI) async throws -> Model {
        let items = URLComponents(string: url.string)?.queryItems ?? []
        var values: [String: String] = [:]
        var chosen: [String: Set<String>] = [:]
        for item in items where !(item.value ?? "").isEmpty {
            values[item.name] = item.value
            if ["status", "priority", "category"].contains(item.name) {
                chosen[item.name, default: []].formUnion(item.value!.split(separator: ",").map(String.init))
            }
        }
        let withoutCursor = items.filter { $0.name != "cursor" && !($0.value ?? "").isEmpty }.map { ($0.name, $0.value!) }
        var errors: [String: [String]] = [:]
        var rows: [TicketRow] = []
        var next: String?
        do {
            let filter = try TicketListParameters.filter(from: url)
            let page = try await helpdesk.ticketQueries.listTickets(filter, for: actor)
            rows = try await helpdesk.ticketQueries.rows(for: page.tickets, seesInternal: actor.isSupporter || actor.isAdmin)
            if let cursor = page.nextCursor {
                next = SiteURL.search.with(query: withoutCursor + [("cursor", cursor)])
            }
        } catch let error as FieldErrors {
            errors = error.messages
        } catch HelpdeskError.invalid(let fieldErrors) {
            errors = fieldErrors.messages
        }
        let people = try await helpdesk.units.supporters()
            .sorted { $0.displayName.lowercased() < $1.displayName.lowercased() }
            .map { Forms.Option(value: try $0.requireID().uuidString, label: $0.displayName) }
        let unitChoices = try await helpdesk.units.unitChoices()
        let shareUnits = unitChoices.flatMap(\.units).filter { actor.isAdmin || actor.isUnitAdmin(of: $0.id) }
            .map { Forms.Option(value: $0.id.uuidString, label: $0.name) }
        var model = Model(values: values, chosen: chosen, firstPageURL: SiteURL.search.with(query: withoutCursor),
                     errors: errors, rows: rows, nextPageURL: next, isFirstPage: values["cursor"] == nil,
                     unitChoices: unitChoices, people: actor.isSupporter || actor.isAdmin ? people : [],
                     offersBulkChanges: actor.isSupporter || actor.isAdmin)
        model.shareUnits = shareUnits
        return model
    }
}
