import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore

/// What one repository holds of the catalogue's components.
struct RepositorySnapshot: Sendable {
    var source: RepositorySource
    /// Every (package name, `[epoch:]version-release`) of a catalogue component, once.
    var packages: [(name: String, label: String)]
    /// How many packages the repository holds in all.
    var packageCount: Int
    /// The checksum of the primary metadata, as repomd.xml gives it.
    var checksum: String
}

/// Fetches a YUM/DNF repository's metadata over HTTP: `repodata/repomd.xml`, then the
/// `primary` file it names, streamed through its checksum, the decompressor and the scanner,
/// so that neither the compressed nor the decompressed file is ever in memory whole.
struct RepositoryReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var client: HTTPClient
    var settings: ReleaseSettings

    /// The largest repomd.xml accepted.
    static let maxIndexBytes = 4 * 1024 * 1024

    func read(_ source: RepositorySource, wanted: Set<String>) async throws -> RepositorySnapshot {
        let timeout = TimeAmount.seconds(Int64(settings.fetchTimeoutSeconds))
        let indexURL = source.baseURL + "repodata/repomd.xml"
        let indexResponse = try await get(indexURL, timeout: timeout)
        let indexBody: ByteBuffer
        do {
            indexBody = try await indexResponse.body.collect(upTo: Self.maxIndexBytes)
        } catch is NIOTooManyBytesError {
            throw Failure(description: "\(indexURL) is larger than \(Self.maxIndexBytes) bytes")
        }
        let index: RepositoryIndex
        do {
            index = try RepositoryIndex.parse(Data(indexBody.readableBytesView))
        } catch let error as RepositoryIndex.Malformed {
            throw Failure(description: "\(indexURL): \(error.description)")
        }
        if let size = index.size, size > settings.maxMetadataBytes {
            throw Failure(description: "the primary metadata has \(size) bytes; at most \(settings.maxMetadataBytes) are fetched (SWITCHBOARD_RELEASE_SYNC_MAX_BYTES)")
        }
        let primaryURL = source.baseURL + index.primaryLocation
        let response = try await get(primaryURL, timeout: timeout)
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > settings.maxMetadataBytes {
            throw Failure(description: "\(primaryURL) has \(length) bytes; at most \(settings.maxMetadataBytes) are fetched (SWITCHBOARD_RELEASE_SYNC_MAX_BYTES)")
        }
        var digest = Digest(type: index.checksumType)
        var scanner = PrimaryMetadataScanner(wanted: wanted)
        var decompressor: StreamDecompressor?
        var received = 0
        var produced = 0
        let maxUncompressed = settings.maxUncompressedBytes
        // A damaged file is read to its end all the same: when its checksum does not match, that
        // is the clearer report (the file is not the one repomd.xml describes).
        var damage: String?
        for try await chunk in response.body {
            received += chunk.readableBytes
            if received > settings.maxMetadataBytes {
                throw Failure(description: "\(primaryURL) is larger than \(settings.maxMetadataBytes) bytes (SWITCHBOARD_RELEASE_SYNC_MAX_BYTES)")
            }
            chunk.withUnsafeReadableBytes { bytes in
                digest.update(bytes)
                guard damage == nil else { return }
                do {
                    if decompressor == nil {
                        guard let format = StreamDecompressor.Format.detect(bytes) else {
                            throw Failure(description: "\(primaryURL) is neither XML nor gzip, xz or zstd data; that compression is not supported")
                        }
                        decompressor = try StreamDecompressor(format: format)
                    }
                    try decompressor!.feed(bytes) { output in
                        produced += output.count
                        if produced > maxUncompressed {
                            throw Failure(description: "\(primaryURL) decompresses to more than \(maxUncompressed) bytes")
                        }
                        try scanner.consume(output)
                    }
                } catch let error as Failure {
                    damage = error.description
                } catch let error as StreamDecompressor.Failure {
                    damage = "\(primaryURL): \(error.description)"
                } catch let error as PrimaryMetadataScanner.Malformed {
                    damage = "\(primaryURL) is not valid primary metadata: \(error.description)"
                } catch {
                    damage = "\(primaryURL): \(error)"
                }
            }
        }
        let actual = digest.hex()
        guard actual == index.checksum else {
            throw Failure(description: "\(primaryURL) does not match its \(index.checksumType) checksum in repomd.xml (expected \(index.checksum), got \(actual))")
        }
        if let damage { throw Failure(description: damage) }
        guard decompressor?.isFinished ?? false else {
            throw Failure(description: "\(primaryURL) ends before its compressed data does (truncated)")
        }
        do {
            try scanner.finish()
        } catch let error as PrimaryMetadataScanner.Malformed {
            throw Failure(description: "\(primaryURL) is not valid primary metadata: \(error.description)")
        }
        return RepositorySnapshot(source: source, packages: scanner.packages, packageCount: scanner.packageCount, checksum: index.checksum)
    }

    private func get(_ url: String, timeout: TimeAmount) async throws -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(HTTPClientRequest(url: url), timeout: timeout)
        } catch {
            throw Failure(description: "\(url) cannot be fetched: \(error)")
        }
        guard response.status == .ok else { throw Failure(description: "\(url) answered \(response.status.code) \(response.status.reasonPhrase)") }
        return response
    }

    /// The checksum repomd.xml names, computed as the bytes arrive.
    private struct Digest {
        private var sha1 = Crypto.Insecure.SHA1()
        private var sha256 = SHA256()
        private var sha384 = SHA384()
        private var sha512 = SHA512()
        let type: String

        init(type: String) { self.type = type }

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            switch type {
            case "sha1": sha1.update(bufferPointer: bytes)
            case "sha384": sha384.update(bufferPointer: bytes)
            case "sha512": sha512.update(bufferPointer: bytes)
            default: sha256.update(bufferPointer: bytes)
            }
        }

        func hex() -> String {
            let bytes: [UInt8] = switch type {
            case "sha1": Array(sha1.finalize())
            case "sha384": Array(sha384.finalize())
            case "sha512": Array(sha512.finalize())
            default: Array(sha256.finalize())
            }
            return bytes.map { String(format: "%02x", $0) }.joined()
        }
    }
}
