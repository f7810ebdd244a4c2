package dev.crystal.store.inbox;

/** Writes the counter messages as {@code field|field|…}; stateless. */
final class CounterCodec implements PayloadCodec {
    @Override
    public String encode(Object payload) {
        return switch (payload) {
            case CounterMessage.Add add -> add.counter() + "|" + add.amount() + "|"
                    + (add.forwardTo() == null ? "" : add.forwardTo());
            case CounterMessage.Added added -> added.worker() + "|" + added.counter() + "|" + added.total();
            default -> throw new IllegalArgumentException("not a counter message: " + payload);
        };
    }

    @Override
    public Object decode(String payloadClass, String text) {
        String[] f = text.split("\\|", -1);
        if (payloadClass.equals(CounterMessage.Add.class.getName())) {
            return new CounterMessage.Add(f[0], Long.parseLong(f[1]), f[2].isEmpty() ? null : f[2]);
        }
        if (payloadClass.equals(CounterMessage.Added.class.getName())) {
            return new CounterMessage.Added(f[0], f[1], Long.parseLong(f[2]));
        }
        throw new IllegalArgumentException("not a counter message class: " + payloadClass);
    }
}
