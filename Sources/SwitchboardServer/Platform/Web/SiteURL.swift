import Foundation
import Vapor

/// Every page and form target of the web interface. The web controllers register their routes
/// from these cases (`SiteURL.ticket(.key).pathComponents`) and pages build their links from
/// them (`SiteURL.ticket(.value(id)).path`), so a link cannot point at a page that does not
/// exist; `WebRouteTests` checks that every case has a route and every route a case.
enum SiteURL: Sendable {
    case home
    case signIn
    case signOut
    case account
    case accountPassword
    case accountTokens
    case accountMail
    case revokeToken(Parameter<UUID>)
    case tickets
    case newTicket
    case ticket(Parameter<Int>)
    case ticketAction(Parameter<Int>, Parameter<TicketFormAction>)
    /// One change to the tickets selected in a list.
    case bulkChange
    /// Save the search as a view; remove a view.
    case views
    /// The dashboard's lists and the list columns (POST).
    case dashboardLists
    case removeView(Parameter<UUID>)
    case attachment(ticket: Parameter<Int>, id: Parameter<UUID>)
    case search
    case units
    case unit(Parameter<UUID>)
    case unitMembers(Parameter<UUID>)
    case newUnit
    case editUnit(Parameter<UUID>)
    case users
    case editUser(Parameter<UUID>)
    case removeMember(unit: Parameter<UUID>, user: Parameter<UUID>)
    case sweep(Parameter<UUID>)
    case unitTemplates(Parameter<UUID>)
    case deleteTemplate(unit: Parameter<UUID>, template: Parameter<UUID>)
    case sweepNote(Parameter<UUID>)
    case serviceLevels
    case responseViolations
    case editServiceLevel(Parameter<String>)
    case calendars
    case calendar(Parameter<UUID>)
    case calendarHolidays(Parameter<UUID>)
    case mail
    case retryMail(Parameter<UUID>)
    case releases
    case release(Parameter<UUID>)
    case releaseStage(Parameter<UUID>)
    case releaseSync
    case products
    case productComponents(Parameter<UUID>)
    case reports
    case reportTickets
    case reportTable
    case reportFigure(Parameter<String>)
    case reportBuilder
    case reportBuilderTable
    case reportCompliance
    case reportComplianceTable
    case services
    case service(Parameter<UUID>)
    case newService
    case editService(Parameter<UUID>)
    case serviceDowntimes(Parameter<UUID>)
    case deleteDowntime(service: Parameter<UUID>, downtime: Parameter<UUID>)
    case olaReport(Parameter<UUID>)
    case olaReportPrint(Parameter<UUID>)
    case olaReportPublish(Parameter<UUID>)
    case olaReportFile(Parameter<UUID>, Parameter<String>)
    /// The requirement report; a sync of the requirements queue (POST).
    case requirements
    case requirementsSync
    case knownIssues
    case knownIssue(Parameter<Int>)
    /// A supporter's change to a known issue: edit, publish, resolve, reopen, link, unlink.
    case knownIssueAction(Parameter<Int>, Parameter<String>)
    case knownIssueDigest
    /// The digest as a file: markdown, text or json.
    case knownIssueDigestFile(Parameter<String>)
    case knownIssueDigestMail
    /// The webhook endpoints one keeps; registering one (POST).
    case webhooks
    /// Switch an endpoint on or off, remove it.
    case webhookAction(Parameter<UUID>, Parameter<String>)
    case webhookRedelivery(Parameter<UUID>, Parameter<UUID>)
    /// Sign in through an OpenID Connect provider (by its key), and where it sends the browser back.
    case signInProvider(Parameter<String>)
    case signInCallback(Parameter<String>)
    /// A federated identity whose address belongs to a local account: the owner's password links it.
    case signInLink
    case entitlementRules
    case removeEntitlementRule(Parameter<UUID>)
    /// An administrator links an identity to an account (POST), or unlinks one.
    case userIdentities(Parameter<UUID>)
    case unlinkIdentity(user: Parameter<UUID>, identity: Parameter<UUID>)
    case stylesheet
    case script

    /// Every case in its route form, in the order of the list above.
    static let routes: [SiteURL] = [
        .home, .signIn, .signOut, .account, .accountPassword, .accountTokens, .accountMail, .revokeToken(.key),
        .tickets, .newTicket, .ticket(.key), .ticketAction(.key, .key), .bulkChange, .views, .dashboardLists, .removeView(.key), .attachment(ticket: .key, id: .key), .search,
        .units, .unit(.key), .unitMembers(.key), .newUnit, .editUnit(.key), .users, .editUser(.key), .removeMember(unit: .key, user: .key),
        .sweep(.key), .sweepNote(.key), .unitTemplates(.key), .deleteTemplate(unit: .key, template: .key), .serviceLevels, .responseViolations, .editServiceLevel(.key),
        .calendars, .calendar(.key), .calendarHolidays(.key), .mail, .retryMail(.key),
        .releases, .release(.key), .releaseStage(.key), .releaseSync, .products, .productComponents(.key),
        .reports, .reportTickets, .reportTable, .reportFigure(.key), .reportBuilder, .reportBuilderTable, .reportCompliance,
        .reportComplianceTable, .services, .service(.key), .newService, .editService(.key), .serviceDowntimes(.key),
        .deleteDowntime(service: .key, downtime: .key), .olaReport(.key), .olaReportPrint(.key), .olaReportPublish(.key),
        .olaReportFile(.key, .key), .requirements, .requirementsSync, .knownIssues, .knownIssue(.key), .knownIssueAction(.key, .key),
        .knownIssueDigest, .knownIssueDigestFile(.key), .knownIssueDigestMail, .webhooks, .webhookAction(.key, .key),
        .webhookRedelivery(.key, .key), .signInProvider(.key), .signInCallback(.key), .signInLink, .entitlementRules,
        .removeEntitlementRule(.key), .userIdentities(.key), .unlinkIdentity(user: .key, identity: .key), .stylesheet, .script,
    ]

    private var segments: [Segment] {
        switch self {
        case .home: []
        case .signIn: ["sign-in"]
        case .signOut: ["sign-out"]
        case .account: ["account"]
        case .accountPassword: ["account", "password"]
        case .accountTokens: ["account", "tokens"]
        case .accountMail: ["account", "mail"]
        case .revokeToken(let id): ["account", "tokens", id.segment("tokenID"), "revoke"]
        case .tickets: ["tickets"]
        case .newTicket: ["tickets", "new"]
        case .ticket(let id): ["tickets", id.segment("ticketID")]
        case .ticketAction(let id, let action): ["tickets", id.segment("ticketID"), action.segment("action")]
        case .bulkChange: ["tickets", "bulk"]
        case .views: ["views"]
        case .dashboardLists: ["tickets", "lists"]
        case .removeView(let id): ["views", id.segment("viewID"), "remove"]
        case .attachment(let ticket, let id): ["tickets", ticket.segment("ticketID"), "attachments", id.segment("attachmentID")]
        case .search: ["search"]
        case .units: ["units"]
        case .unit(let id): ["units", id.segment("unitID")]
        case .unitMembers(let id): ["units", id.segment("unitID"), "members"]
        case .newUnit: ["admin", "units", "new"]
        case .editUnit(let id): ["admin", "units", id.segment("unitID"), "edit"]
        case .users: ["admin", "users"]
        case .editUser(let id): ["admin", "users", id.segment("userID"), "edit"]
        case .removeMember(let unit, let user): ["units", unit.segment("unitID"), "members", user.segment("userID"), "remove"]
        case .sweep(let id): ["units", id.segment("unitID"), "sweep"]
        case .sweepNote(let id): ["units", id.segment("unitID"), "sweep", "notes"]
        case .unitTemplates(let id): ["units", id.segment("unitID"), "templates"]
        case .deleteTemplate(let unit, let template): ["units", unit.segment("unitID"), "templates", template.segment("templateID"), "delete"]
        case .serviceLevels: ["service-levels"]
        case .responseViolations: ["response-violations"]
        case .editServiceLevel(let name): ["admin", "service-levels", name.segment("name"), "edit"]
        case .calendars: ["admin", "calendars"]
        case .calendar(let id): ["admin", "calendars", id.segment("calendarID")]
        case .calendarHolidays(let id): ["admin", "calendars", id.segment("calendarID"), "holidays"]
        case .mail: ["admin", "mail"]
        case .retryMail(let id): ["admin", "mail", id.segment("messageID"), "retry"]
        case .releases: ["releases"]
        case .release(let id): ["releases", id.segment("releaseID")]
        case .releaseStage(let id): ["releases", id.segment("releaseID"), "stage"]
        case .releaseSync: ["releases", "sync"]
        case .products: ["products"]
        case .productComponents(let id): ["products", id.segment("productID"), "components"]
        case .reports: ["reports"]
        case .reportTickets: ["reports", "tickets"]
        case .reportTable: ["reports", "table.csv"]
        case .reportFigure(let name): ["reports", "figures", name.segment("figure")]
        case .reportBuilder: ["reports", "builder"]
        case .reportBuilderTable: ["reports", "builder.csv"]
        case .reportCompliance: ["reports", "sla-compliance"]
        case .reportComplianceTable: ["reports", "sla-compliance.csv"]
        case .services: ["services"]
        case .service(let id): ["services", id.segment("serviceID")]
        case .newService: ["admin", "services", "new"]
        case .editService(let id): ["admin", "services", id.segment("serviceID"), "edit"]
        case .serviceDowntimes(let id): ["services", id.segment("serviceID"), "downtimes"]
        case .deleteDowntime(let service, let downtime): ["services", service.segment("serviceID"), "downtimes", downtime.segment("downtimeID"), "delete"]
        case .olaReport(let id): ["services", id.segment("serviceID"), "ola-report"]
        case .olaReportPrint(let id): ["services", id.segment("serviceID"), "ola-report", "print"]
        case .olaReportPublish(let id): ["services", id.segment("serviceID"), "ola-report", "publish"]
        case .olaReportFile(let id, let name): ["services", id.segment("serviceID"), "ola-report", "files", name.segment("file")]
        case .requirements: ["requirements"]
        case .requirementsSync: ["requirements", "sync"]
        case .knownIssues: ["known-issues"]
        case .knownIssue(let number): ["known-issues", number.segment("number")]
        case .knownIssueAction(let number, let action): ["known-issues", number.segment("number"), action.segment("action")]
        case .knownIssueDigest: ["known-issues", "digest"]
        case .knownIssueDigestFile(let format): ["known-issues", "digest", format.segment("format")]
        case .knownIssueDigestMail: ["known-issues", "digest", "mail"]
        case .webhooks: ["webhooks"]
        case .webhookAction(let id, let action): ["webhooks", id.segment("webhookID"), action.segment("action")]
        case .webhookRedelivery(let id, let delivery): ["webhooks", id.segment("webhookID"), "deliveries", delivery.segment("deliveryID"), "redeliver"]
        case .signInProvider(let key): ["sign-in", "oidc", key.segment("provider")]
        case .signInCallback(let key): ["sign-in", "oidc", key.segment("provider"), "callback"]
        case .signInLink: ["sign-in", "link"]
        case .entitlementRules: ["admin", "entitlement-rules"]
        case .removeEntitlementRule(let id): ["admin", "entitlement-rules", id.segment("ruleID"), "remove"]
        case .userIdentities(let id): ["admin", "users", id.segment("userID"), "identities"]
        case .unlinkIdentity(let user, let identity): ["admin", "users", user.segment("userID"), "identities", identity.segment("identityID"), "unlink"]
        case .stylesheet: ["assets", "switchboard.css"]
        case .script: ["assets", "switchboard.js"]
        }
    }

    /// The path of a link; every parameter must have its value.
    var path: String {
        "/" + segments.map { segment in
            switch segment {
            case .constant(let text): text
            case .parameter(let key, let value):
                (value ?? ":\(key)").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? key
            }
        }.joined(separator: "/")
    }

    /// The route's path components: constants, and `:key` for every parameter.
    var pathComponents: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .constant(let text): .constant(text)
            case .parameter(let key, _): .parameter(key)
            }
        }
    }

    /// The path with a query string.
    /// The path with a query string as it stands (`status=new&sort=-priority`), none when empty.
    func with(rawQuery: String) -> String {
        rawQuery.isEmpty ? path : path + "?" + rawQuery
    }

    func with(query: [(String, String)]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = query.isEmpty ? nil : query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? path
    }
}

/// A path parameter of a `SiteURL`: its key when the route is registered, its value in a link.
enum Parameter<Value: PathValue>: Sendable {
    case key
    case value(Value)

    fileprivate func segment(_ key: String) -> Segment {
        switch self {
        case .key: .parameter(key: key, value: nil)
        case .value(let value): .parameter(key: key, value: value.pathText)
        }
    }
}

/// A value that can stand in a path.
protocol PathValue: Sendable {
    var pathText: String { get }
}

extension Int: PathValue { var pathText: String { String(self) } }
extension UUID: PathValue { var pathText: String { uuidString } }
extension String: PathValue { var pathText: String { self } }
extension TicketFormAction: PathValue { var pathText: String { rawValue } }

private enum Segment: ExpressibleByStringLiteral {
    case constant(String)
    case parameter(key: String, value: String?)

    init(stringLiteral text: String) { self = .constant(text) }
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
    case fix
    case estimate
    case requirementRoute = "requirement-route"
    case knownIssue = "known-issue"
    case linkKnownIssue = "link-known-issue"
}
