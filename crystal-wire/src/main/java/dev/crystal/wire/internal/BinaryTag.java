package dev.crystal.wire.internal;

/**
 * Value tags of the binary codec. Every value on the wire starts with one, so a reader can skip
 * fields it does not know (schema evolution). Codes are never reused. Constants only.
 */
final class BinaryTag {
    static final int NULL = 0;
    static final int STRING = 1;
    static final int INTEGER = 2;
    static final int TRUE = 3;
    static final int FALSE = 4;
    static final int DECIMAL = 5;
    static final int BIG_DECIMAL = 6;
    static final int INSTANT = 7;
    static final int LOCAL_DATE = 8;
    static final int YEAR_MONTH = 9;
    static final int ENUM = 10;
    static final int LIST = 11;
    static final int RECORD = 12;
    static final int DOUBLE = 13;

    private BinaryTag() {
    }
}
