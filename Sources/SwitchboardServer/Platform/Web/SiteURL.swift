import Foundation

/// Every page and form target of the web interface. Routes are registered from these paths and
/// links are built from them, so a link cannot point at a page that does not exist.
enum SiteURL {
    case home
    case signIn
    case signOut
    case account
    case accountPassword
    case accountTokens
    case accountMail
    case revokeToken(UUID)
    case tickets
    case newTicket
    case ticket(Int)
    case ticketAction(Int, TicketFormAction)
    case attachment(ticket: Int, id: UUID)
    case search
    case units
    case unit(UUID)
    case unitMembers(UUID)
    case newUnit
    case editUnit(UUID)
    case users
    case editUser(UUID)
    case removeMember(unit: UUID, user: UUID)
    case sweep(UUID)
    case sweepNote(UUID)
    case serviceLevels
    case responseViolations
    case editServiceLevel(String)
    case calendars
    case calendar(UUID)
    case calendarHolidays(UUID)
    case mail
    case retryMail(UUID)
    case stylesheet
    case script

    var path: String {
        switch self {
        case .home: "/"
        case .signIn: "/sign-in"
        case .signOut: "/sign-out"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .accountTokens: "/account/tokens"
        case .accountMail: "/account/mail"
        case .revokeToken(let id): "/account/tokens/\(id)/revoke"
        case .tickets: "/tickets"
        case .newTicket: "/tickets/new"
        case .ticket(let id): "/tickets/\(id)"
        case .ticketAction(let id, let action): "/tickets/\(id)/\(action.rawValue)"
        case .attachment(let ticket, let id): "/tickets/\(ticket)/attachments/\(id)"
        case .search: "/search"
        case .units: "/units"
        case .unit(let id): "/units/\(id)"
        case .unitMembers(let id): "/units/\(id)/members"
        case .newUnit: "/admin/units/new"
        case .editUnit(let id): "/admin/units/\(id)/edit"
        case .users: "/admin/users"
        case .editUser(let id): "/admin/users/\(id)/edit"
        case .removeMember(let unit, let user): "/units/\(unit)/members/\(user)/remove"
        case .sweep(let id): "/units/\(id)/sweep"
        case .sweepNote(let id): "/units/\(id)/sweep/notes"
        case .serviceLevels: "/service-levels"
        case .responseViolations: "/response-violations"
        case .editServiceLevel(let name): "/admin/service-levels/\(name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name)/edit"
        case .calendars: "/admin/calendars"
        case .calendar(let id): "/admin/calendars/\(id)"
        case .calendarHolidays(let id): "/admin/calendars/\(id)/holidays"
        case .mail: "/admin/mail"
        case .retryMail(let id): "/admin/mail/\(id)/retry"
        case .stylesheet: "/assets/switchboard.css"
        case .script: "/assets/switchboard.js"
        }
    }

    /// The path with a query string.
    func with(query: [(String, String)]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? path
    }
}

/// The forms on a ticket page, each posting to `/tickets/{id}/{action}`.
enum TicketFormAction: String, CaseIterable {
    case reply
    case note
    case assign
    case assignPerson = "assign-person"
    case status
    case priority
    case involve
    case link
    case attach
    case escalate
    case eta
    case subscribe
    case unsubscribe
    case details
}
