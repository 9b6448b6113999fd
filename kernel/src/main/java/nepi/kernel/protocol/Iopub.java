package nepi.kernel.protocol;

/** Where the kernel's broadcasts go: {@link IopubPublisher} on the wire, a list in tests. */
interface Iopub {

    /** Queues a message for iopub, waiting while the front end catches up. */
    void publish(Message message) throws InterruptedException;
}
