import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Runs `work` on items across worker threads and hands the results back in submission order, as
/// soon as each is ready: output streams in input order, whatever order the workers finish in.
/// Each worker keeps its own state (a network workspace) made by `makeState`. Workers take up to
/// `batchSize` items at a time (fewer when the queue is short, so that answers do not wait) and
/// wake the consumer only when the result it waits for is in, which keeps locking and context
/// switches off the per-image path.
final class OrderedPipeline<Item: Sendable, Result: Sendable, State>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var workAvailable = pthread_cond_t()
    private var resultReady = pthread_cond_t()
    private var queue: [(Int, Item)] = []
    private var queueHead = 0
    private var results: [Int: Result] = [:]
    private var closed = false
    private var submitted = 0
    private var emitted = 0
    private let workers: Int
    private let batchSize: Int

    /// `work` maps a batch of items to their results, in the same order.
    init(workers: Int, batchSize: Int, makeState: @escaping @Sendable () -> State,
         work: @escaping @Sendable ([Item], State) -> [Result]) {
        self.workers = workers
        self.batchSize = batchSize
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&workAvailable, nil)
        pthread_cond_init(&resultReady, nil)
        for _ in 0..<workers {
            DispatchQueue.global().async { [self] in
                var state: State?   // made on first use: a worker with nothing to do costs nothing
                while true {
                    let batch = take()
                    if batch.isEmpty { return }
                    if state == nil { state = makeState() }
                    let done = work(batch.map(\.1), state!)
                    pthread_mutex_lock(&mutex)
                    for ((index, _), result) in zip(batch, done) { results[index] = result }
                    if batch.contains(where: { $0.0 == emitted }) { pthread_cond_signal(&resultReady) }
                    pthread_mutex_unlock(&mutex)
                }
            }
        }
    }

    /// Up to a few queued items (more when the queue is long); empty once closed and drained.
    private func take() -> [(Int, Item)] {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while queueHead == queue.count && !closed { pthread_cond_wait(&workAvailable, &mutex) }
        let count = min(queue.count - queueHead, batchSize)
        let batch = Array(queue[queueHead..<queueHead + count])
        queueHead += count
        if queueHead > 4096 && queueHead * 2 > queue.count {   // drop what has been taken
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return batch
    }

    func submit(_ items: [Item]) {
        pthread_mutex_lock(&mutex)
        for item in items {
            queue.append((submitted, item))
            submitted += 1
        }
        pthread_cond_signal(&workAvailable)
        pthread_mutex_unlock(&mutex)
    }

    /// No more items will come.
    func close() {
        pthread_mutex_lock(&mutex)
        closed = true
        pthread_cond_broadcast(&workAvailable)
        pthread_mutex_unlock(&mutex)
    }

    /// Submitted items whose results have not been returned yet.
    var outstanding: Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return submitted - emitted
    }

    /// The next result in order. Without `wait`, nil when it is not ready yet; with it, nil only
    /// when every submitted item has been returned.
    func next(wait: Bool) -> Result? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while emitted < submitted {
            if let result = results.removeValue(forKey: emitted) {
                emitted += 1
                return result
            }
            guard wait else { return nil }
            pthread_cond_wait(&resultReady, &mutex)
        }
        return nil
    }
}
