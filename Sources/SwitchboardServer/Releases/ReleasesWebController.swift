import Foundation
import SwitchboardCore
import Vapor

/// The web pages of releases: the releases page (queue, repositories, announcing), one
/// release with its moves, the sync button, and the product catalogue.
struct ReleasesWebController {
    func boot(web: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.get(SiteURL.releases.pathComponents, use: releases)
        signedIn.post(SiteURL.releases.pathComponents, use: announce)
        signedIn.post(SiteURL.releaseSync.pathComponents, use: sync)
        signedIn.get(SiteURL.release(.key).pathComponents, use: release)
        signedIn.post(SiteURL.releaseStage(.key).pathComponents, use: move)
        signedIn.get(SiteURL.products.pathComponents, use: products)
        signedIn.post(SiteURL.products.pathComponents, use: createProduct)
        signedIn.post(SiteURL.productComponents(.key).pathComponents, use: addComponent)
    }

    func releases(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        return request.render(ReleasesPage.self, try await ReleasesPage.query(request.helpdesk, principal: web.signedIn.principal))
    }

    struct AnnounceForm: Content {
        var component: String?
        var version: String?
    }

    func announce(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let form = try request.content.decode(AnnounceForm.self)
        do {
            let release = try await request.helpdesk.releases.announce(component: form.component, version: form.version, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.release(.value(try release.requireID())).path, redirectType: .normal)
        } catch HelpdeskError.invalid(let errors) {
            var model = try await ReleasesPage.query(request.helpdesk, principal: web.signedIn.principal)
            model.values = ["component": form.component ?? "", "version": form.version ?? ""]
            model.errors = errors.messages
            return request.render(ReleasesPage.self, model, status: .unprocessableEntity)
        }
    }

    func sync(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let helpdesk = request.helpdesk
        let report = try await helpdesk.releases.sync(by: web.signedIn.acting, client: request.application.http.client.shared, logger: request.logger)
        var model = try await ReleasesPage.query(helpdesk, principal: web.signedIn.principal)
        let moved = report.repositories.reduce(0) { $0 + $1.created + $1.moved }
        model.notice = "Synced: \(moved) release change\(moved == 1 ? "" : "s"), \(report.closedTickets) ticket\(report.closedTickets == 1 ? "" : "s") closed."
        if report.failed {
            model.error = "Not every repository could be read: " + report.repositories.compactMap { repository in repository.error.map { "\(repository.name): \($0)" } }.joined(separator: "; ")
        }
        return request.render(ReleasesPage.self, model, status: report.failed ? .badGateway : .ok)
    }

    func release(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        return request.render(ReleasePage.self, try await ReleasePage.query(request.helpdesk, id: try request.pathUUID("releaseID"),
                                                                            principal: web.signedIn.principal))
    }

    struct MoveForm: Content {
        var stage: String?
        var reason: String?
    }

    func move(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let id = try request.pathUUID("releaseID")
        let form = try request.content.decode(MoveForm.self)
        return try await request.submit(ReleasePage.self, reload: {
            try await ReleasePage.query(request.helpdesk, id: id, principal: web.signedIn.principal)
        }, show: { model, error in model.error = error.message }) {
            _ = try await request.helpdesk.releases.move(id, to: form.stage, reason: form.reason, by: web.signedIn.acting)
            return request.redirect(to: SiteURL.release(.value(id)).path, redirectType: .normal)
        }
    }

    func products(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        return request.render(ProductsPage.self, try await ProductsPage.query(request.helpdesk, principal: web.signedIn.principal))
    }

    struct ProductForm: Content {
        var name: String?
        var ownerUnit: String?
        var components: String?
        var description: String?
    }

    func createProduct(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let form = try request.content.decode(ProductForm.self)
        let components = (form.components ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            let product = try await request.helpdesk.products.create(
                NewProductInput(name: form.name, ownerUnit: form.ownerUnit, description: form.description, components: components), by: web.signedIn.acting)
            var model = try await ProductsPage.query(request.helpdesk, principal: web.signedIn.principal)
            model.notice = "Added \(product.name)."
            return request.render(ProductsPage.self, model, status: .created)
        } catch HelpdeskError.invalid(let errors) {
            var model = try await ProductsPage.query(request.helpdesk, principal: web.signedIn.principal)
            model.values = ["name": form.name ?? "", "ownerUnit": form.ownerUnit ?? "", "components": form.components ?? "", "description": form.description ?? ""]
            model.errors = errors.messages
            return request.render(ProductsPage.self, model, status: .unprocessableEntity)
        }
    }

    struct ComponentForm: Content {
        var name: String?
    }

    func addComponent(_ request: Request) async throws -> Response {
        let web = try request.webSession()
        let id = try request.pathUUID("productID")
        let form = try request.content.decode(ComponentForm.self)
        return try await request.submit(ProductsPage.self, reload: {
            try await ProductsPage.query(request.helpdesk, principal: web.signedIn.principal)
        }, show: { model, error in model.error = error.message }) {
            let component = try await request.helpdesk.products.addComponent(form.name, toProduct: id.uuidString, by: web.signedIn.acting)
            var model = try await ProductsPage.query(request.helpdesk, principal: web.signedIn.principal)
            model.notice = "Added the component \(component.name)."
            return request.render(ProductsPage.self, model)
        }
    }
}
