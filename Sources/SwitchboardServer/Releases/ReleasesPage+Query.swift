import Foundation
import SwitchboardCore

/// Loading ReleasesPage's model through the helpdesk's operations.
extension ReleasesPage {
    static func query(_ helpdesk: Helpdesk, principal: Principal) async throws -> Model {
        let releases = try await helpdesk.releases.all()
        let products = try await helpdesk.products.all()
        let managesReleases = try await helpdesk.releases.mayManageReleases(principal)
        let ownProducts = products.filter { product in principal.memberships.contains { $0.unitID == product.$ownerUnit.id } }
        let announceable = managesReleases ? products : ownProducts
        return Model(
            queue: principal.isSupporter || principal.isAdmin ? try await helpdesk.releases.queue(for: principal) : nil,
            repositories: try await helpdesk.releases.repositoryStatus().map { source, sync in
                Repository(name: source.name, stage: source.stage, url: source.baseURL, lastSuccessAt: sync?.lastSuccessAt,
                           lastError: sync?.lastError, packageCount: sync?.packageCount)
            },
            releases: try releases.map {
                Release(id: try $0.requireID(), component: $0.component.name, product: $0.component.product.name, version: $0.version,
                        stage: $0.stage, changedAt: $0.stageChangedAt)
            },
            components: announceable.flatMap { $0.components }.map(\.name).sorted().map { Forms.Option(value: $0, label: $0) },
            mayAnnounce: !announceable.isEmpty,
            maySync: managesReleases)
    }
}
