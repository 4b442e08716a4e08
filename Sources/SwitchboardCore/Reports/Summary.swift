/// Count, mean and median of a population. An empty population has no mean and no median
/// (not 0); the median of an even count is the mean of the two middle values.
public struct Summary: Sendable, Equatable, Codable {
    public var count: Int
    public var mean: Double?
    public var median: Double?

    public init(count: Int, mean: Double?, median: Double?) {
        self.count = count
        self.mean = mean
        self.median = median
    }

    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else {
            mean = nil
            median = nil
            return
        }
        mean = values.reduce(0, +) / Double(values.count)
        let sorted = values.sorted()
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
