package dev.crystal.wire.internal;

import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/** The binary codecs for single values (strings, numbers, money, time). Stateless singletons. */
final class ScalarFieldCodecs {
    static final FieldCodec STRING = new StringCodec();
    static final FieldCodec DECIMAL = new DecimalCodec();
    static final FieldCodec INSTANT = new InstantCodec();
    static final FieldCodec LOCAL_DATE = new LocalDateCodec();
    static final FieldCodec YEAR_MONTH = new YearMonthCodec();
    static final FieldCodec DOUBLE_BOXED = new DoubleCodec(null);
    static final FieldCodec DOUBLE_PRIMITIVE = new DoubleCodec(0.0d);
    static final FieldCodec BOOLEAN_BOXED = new BooleanCodec(null);
    static final FieldCodec BOOLEAN_PRIMITIVE = new BooleanCodec(false);
    static final FieldCodec LONG_BOXED = new IntegerCodec(Long.MIN_VALUE, Long.MAX_VALUE, null);
    static final FieldCodec LONG_PRIMITIVE = new IntegerCodec(Long.MIN_VALUE, Long.MAX_VALUE, 0L);
    static final FieldCodec INT_BOXED = new IntegerCodec(Integer.MIN_VALUE, Integer.MAX_VALUE, null);
    static final FieldCodec INT_PRIMITIVE = new IntegerCodec(Integer.MIN_VALUE, Integer.MAX_VALUE, 0);
    static final FieldCodec SHORT_BOXED = new IntegerCodec(Short.MIN_VALUE, Short.MAX_VALUE, null);
    static final FieldCodec SHORT_PRIMITIVE = new IntegerCodec(Short.MIN_VALUE, Short.MAX_VALUE, (short) 0);

    private ScalarFieldCodecs() {
    }

    private static final class StringCodec extends FieldCodec {
        @Override
        void write(WireOutput out, Object value) {
            out.writeByte(BinaryTag.STRING);
            out.writeString((String) value);
        }

        @Override
        Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
            if (tag != BinaryTag.STRING) {
                throw unexpectedTag(tag, "a string");
            }
            return in.readString();
        }
    }

    private static final class DecimalCodec extends FieldCodec {
        @Override
        void write(WireOutput out, Object value) {
            BigDecimal decimal = (BigDecimal) value;
            if (decimal.precision() <= 18) {
                // at most 18 digits always fits a long; scaling by its own scale keeps the compact
                // value without building a BigInteger
                out.writeByte(BinaryTag.DECIMAL);
                out.writeZigZag(decimal.scale());
                out.writeZigZag(decimal.scaleByPowerOfTen(decimal.scale()).longValueExact());
            } else {
                byte[] magnitude = decimal.unscaledValue().toByteArray();
                out.writeByte(BinaryTag.BIG_DECIMAL);
                out.writeZigZag(decimal.scale());
                out.writeVarLong(magnitude.length);
                out.writeBytes(magnitude, 0, magnitude.length);
            }
        }

        @Override
        Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
            if (tag == BinaryTag.DECIMAL) {
                int scale = scale(in.readZigZag());
                return BigDecimal.valueOf(in.readZigZag(), scale);
            }
            if (tag == BinaryTag.BIG_DECIMAL) {
                int scale = scale(in.readZigZag());
                int length = in.readLength(context.limits().maxStringLength(), "decimal length");
                if (length == 0) {
                    throw new WireException(WireError.MALFORMED_BODY, "empty decimal magnitude");
                }
                return new BigDecimal(new BigInteger(in.readBytes(length)), scale);
            }
            throw unexpectedTag(tag, "a decimal");
        }

        private static int scale(long raw) {
            if (raw < Integer.MIN_VALUE || raw > Integer.MAX_VALUE) {
                throw new WireException(WireError.MALFORMED_BODY, "decimal scale out of range: " + raw);
            }
            return (int) raw;
        }
    }

    private static final class InstantCodec extends FieldCodec {
        @Override
        void write(WireOutput out, Object value) {
            Instant instant = (Instant) value;
            out.writeByte(BinaryTag.INSTANT);
            out.writeZigZag(instant.getEpochSecond());
            out.writeVarLong(instant.getNano());
        }

        @Override
        Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
            if (tag != BinaryTag.INSTANT) {
                throw unexpectedTag(tag, "an instant");
            }
            long seconds = in.readZigZag();
            long nanos = in.readVarLong();
            if (nanos < 0 || nanos > 999_999_999L) {
                throw new WireException(WireError.MALFORMED_BODY, "instant nanos out of range: " + nanos);
            }
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (DateTimeException e) {
                throw new WireException(WireError.MALFORMED_BODY, "instant out of range: " + seconds, e);
            }
        }
    }

    private static final class LocalDateCodec extends FieldCodec {
        @Override
        void write(WireOutput out, Object value) {
            out.writeByte(BinaryTag.LOCAL_DATE);
            out.writeZigZag(((LocalDate) value).toEpochDay());
        }

        @Override
        Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
            if (tag != BinaryTag.LOCAL_DATE) {
                throw unexpectedTag(tag, "a date");
            }
            long day = in.readZigZag();
            try {
                return LocalDate.ofEpochDay(day);
            } catch (DateTimeException e) {
                throw new WireException(WireError.MALFORMED_BODY, "date out of range: " + day, e);
            }
        }
    }

    private static final class YearMonthCodec extends FieldCodec {
        @Override
        void write(WireOutput out, Object value) {
            YearMonth month = (YearMonth) value;
            out.writeByte(BinaryTag.YEAR_MONTH);
            out.writeZigZag(month.getYear() * 12L + month.getMonthValue() - 1);
        }

        @Override
        Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
            if (tag != BinaryTag.YEAR_MONTH) {
                throw unexpectedTag(tag, "a year-month");
            }
            long months = in.readZigZag();
            try {
                return YearMonth.of(Math.toIntExact(Math.floorDiv(months, 12)), Math.floorMod(months, 12) + 1);
            } catch (DateTimeException | ArithmeticException e) {
                throw new WireException(WireError.MALFORMED_BODY, "year-month out of range: " + months, e);
            }
        }
    }

    private static final class DoubleCodec extends FieldCodec {
        private final Object absent;

        DoubleCodec(Object absent) {
            this.absent = absent;
        }

        @Override
        void write(WireOutput out, Object value) {
            out.writeByte(BinaryTag.DOUBLE);
            out.writeLong(Double.doubleToRawLongBits((Double) value));
        }

        @Override
        Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
            if (tag != BinaryTag.DOUBLE) {
                throw unexpectedTag(tag, "a double");
            }
            return Double.longBitsToDouble(in.readLong());
        }

        @Override
        Object absentValue() {
            return absent;
        }
    }

    private static final class BooleanCodec extends FieldCodec {
        private final Object absent;

        BooleanCodec(Object absent) {
            this.absent = absent;
        }

        @Override
        void write(WireOutput out, Object value) {
            out.writeByte((Boolean) value ? BinaryTag.TRUE : BinaryTag.FALSE);
        }

        @Override
        Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
            return switch (tag) {
                case BinaryTag.TRUE -> Boolean.TRUE;
                case BinaryTag.FALSE -> Boolean.FALSE;
                default -> throw unexpectedTag(tag, "a boolean");
            };
        }

        @Override
        Object absentValue() {
            return absent;
        }
    }

    private static final class IntegerCodec extends FieldCodec {
        private final long min;
        private final long max;
        private final Object absent;

        IntegerCodec(long min, long max, Object absent) {
            this.min = min;
            this.max = max;
            this.absent = absent;
        }

        @Override
        void write(WireOutput out, Object value) {
            out.writeByte(BinaryTag.INTEGER);
            out.writeZigZag(((Number) value).longValue());
        }

        @Override
        Object read(WireInput in, int tag, int depth, BinaryReadContext context) {
            if (tag != BinaryTag.INTEGER) {
                throw unexpectedTag(tag, "an integer");
            }
            long value = in.readZigZag();
            if (value < min || value > max) {
                throw new WireException(WireError.MALFORMED_BODY, "integer " + value + " out of range");
            }
            if (max == Long.MAX_VALUE) {
                return value;
            }
            if (max == Integer.MAX_VALUE) {
                return (int) value;
            }
            return (short) value;
        }

        @Override
        Object absentValue() {
            return absent;
        }
    }
}
