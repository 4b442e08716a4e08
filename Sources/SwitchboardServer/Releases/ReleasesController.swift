import AsyncHTTPClient
import Fluent
import SwitchboardCore
import Vapor

/// `/api/v1/products` and `/api/v1/releases`: the catalogue, releases and their stages, the
/// release unit's queue, the repository sync; and `/api/v1/tickets/{id}/fix`.
struct ReleasesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let products = routes.grouped("products")
        products.get(use: listProducts)
        products.post(use: createProduct)
        products.get(":product", use: showProduct)
        products.post(":product", "components", use: addComponent)
        let releases = routes.grouped("releases")
        releases.get(use: listReleases)
        releases.post(use: announce)
        releases.get("queue", use: queue)
        releases.get("repositories", use: repositories)
        releases.post("sync", use: sync)
        releases.get(":releaseID", use: showRelease)
        releases.post(":releaseID", "stage", use: moveStage)
        routes.post("tickets", ":ticketID", "fix", use: recordFix)
    }

    private func releaseID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("releaseID").flatMap(UUID.init(uuidString:)) else {
            throw HelpdeskError.notFound("There is no release '\(request.parameters.get("releaseID") ?? "")'.")
        }
        return id
    }

    func listProducts(_ request: Request) async throws -> [ProductResponse] {
        try await request.helpdesk.products.all().map(ProductResponse.init)
    }

    func createProduct(_ request: Request) async throws -> Response {
        let input = try request.content.decode(NewProductInput.self)
        let product = try await request.helpdesk.products.create(input, by: try request.signedIn.acting)
        let response = try await ProductResponse(product).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/products/\(try product.requireID())")
        return response
    }

    func showProduct(_ request: Request) async throws -> ProductResponse {
        try ProductResponse(try await request.helpdesk.products.find(request.parameters.get("product") ?? ""))
    }

    func addComponent(_ request: Request) async throws -> Response {
        let body = try request.content.decode(NewComponentRequest.self)
        let component = try await request.helpdesk.products.addComponent(
            body.name, toProduct: request.parameters.get("product") ?? "", by: try request.signedIn.acting)
        return try await ComponentResponse(component).encodeResponse(status: .created, for: request)
    }

    func listReleases(_ request: Request) async throws -> [ReleaseResponse] {
        var stage: ReleaseStage?
        if let text = request.query[String.self, at: "stage"], !text.isEmpty {
            guard let parsed = ReleaseStage(rawValue: text) else {
                throw HelpdeskError.invalid("stage", "The stage is one of: \(ReleaseStage.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            stage = parsed
        }
        let releases = try await request.helpdesk.releases.all(component: request.query[String.self, at: "component"], stage: stage)
        let histories = try await request.helpdesk.releases.histories(of: releases)
        return try releases.map { try ReleaseResponse($0, history: histories[try $0.requireID()] ?? []) }
    }

    func announce(_ request: Request) async throws -> Response {
        let body = try request.content.decode(AnnounceReleaseRequest.self)
        let release = try await request.helpdesk.releases.announce(component: body.component, version: body.version, by: try request.signedIn.acting)
        let id = try release.requireID()
        let response = try await ReleaseResponse(try await request.helpdesk.releases.find(id)).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/releases/\(id)")
        return response
    }

    func showRelease(_ request: Request) async throws -> ReleaseResponse {
        try ReleaseResponse(try await request.helpdesk.releases.find(try releaseID(request)))
    }

    func moveStage(_ request: Request) async throws -> ReleaseResponse {
        let id = try releaseID(request)
        let body = try request.content.decode(StageRequest.self)
        _ = try await request.helpdesk.releases.move(id, to: body.stage, reason: body.reason, by: try request.signedIn.acting)
        return try ReleaseResponse(try await request.helpdesk.releases.find(id))
    }

    func queue(_ request: Request) async throws -> ReleaseQueueResponse {
        ReleaseQueueResponse(try await request.helpdesk.releases.queue(for: try request.signedIn.principal))
    }

    func repositories(_ request: Request) async throws -> [RepositoryStatusResponse] {
        try await request.helpdesk.releases.repositoryStatus().map { source, sync in
            RepositoryStatusResponse(name: source.name, stage: source.stage, url: source.baseURL, lastAttemptAt: sync?.lastAttemptAt,
                                     lastSuccessAt: sync?.lastSuccessAt, lastError: sync?.lastError, packageCount: sync?.packageCount)
        }
    }

    /// Syncs now (release-unit members and administrators); the answer says what each repository did.
    func sync(_ request: Request) async throws -> SyncReportResponse {
        SyncReportResponse(try await request.helpdesk.releases.sync(
            by: try request.signedIn.acting, client: request.application.http.client.shared, logger: request.logger))
    }

    func recordFix(_ request: Request) async throws -> Response {
        guard let text = request.parameters.get("ticketID"), let id = Int(text), id > 0 else {
            throw HelpdeskError.notFound("There is no ticket '\(request.parameters.get("ticketID") ?? "")'.")
        }
        let body = try request.content.decode(FixRequest.self)
        try await request.helpdesk.releases.recordFix(ticketID: id, component: body.component, version: body.version, note: body.note,
                                                      by: try request.signedIn.acting)
        return try await TicketsController.detail(request, id)
    }
}
