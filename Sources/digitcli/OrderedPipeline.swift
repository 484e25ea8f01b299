import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Runs `work` on items across worker threads and hands the results back in submission order, as
/// soon as each is ready: output streams, in input order, whatever order the workers finish in.
/// Each worker keeps its own state (a network workspace) made by `makeState`.
final class OrderedPipeline<Item: Sendable, Result: Sendable, State>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var queue: [(Int, Item)] = []
    private var queueHead = 0
    private var results: [Int: Result] = [:]
    private var closed = false
    private var submitted = 0
    private var emitted = 0

    /// Results allowed to wait for their turn before `submit` holds back: bounds memory when output is slow.
    let window: Int

    init(workers: Int, window: Int, makeState: @escaping @Sendable () -> State, work: @escaping @Sendable (Item, State) -> Result) {
        self.window = window
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
        for _ in 0..<workers {
            DispatchQueue.global().async { [self] in
                let state = makeState()
                while let (index, item) = take() {
                    let result = work(item, state)
                    pthread_mutex_lock(&mutex)
                    results[index] = result
                    pthread_cond_broadcast(&changed)
                    pthread_mutex_unlock(&mutex)
                }
            }
        }
    }

    private func take() -> (Int, Item)? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while queueHead == queue.count && !closed { pthread_cond_wait(&changed, &mutex) }
        guard queueHead < queue.count else { return nil }
        defer {
            queueHead += 1
            if queueHead > 1024 && queueHead * 2 > queue.count {   // drop what has been taken
                queue.removeFirst(queueHead)
                queueHead = 0
            }
        }
        return queue[queueHead]
    }

    func submit(_ item: Item) {
        pthread_mutex_lock(&mutex)
        queue.append((submitted, item))
        submitted += 1
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }

    /// No more items will come.
    func close() {
        pthread_mutex_lock(&mutex)
        closed = true
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }

    /// The next result in order: waits for it when `wait` is true (or more than `window` are
    /// outstanding); nil when it is not ready, or when every submitted item has been returned.
    func next(wait: Bool) -> Result? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while emitted < submitted {
            if let result = results.removeValue(forKey: emitted) {
                emitted += 1
                return result
            }
            guard wait || submitted - emitted > window else { return nil }
            pthread_cond_wait(&changed, &mutex)
        }
        return nil
    }
}
