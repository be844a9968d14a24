package dev.portmonitor.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a whole number for an {@code int} option, with a message a person can act on: picocli's own
 * says "'99999999999' is not an int". Each option checks its own range where it is used.
 */
final class WholeNumberConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        String text = value.strip();
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-') || text.lastIndexOf('-') > 0) {
            throw new TypeConversionException("\"" + value + "\" is not a whole number; write digits only, for example 100");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("\"" + value + "\" is too large; the largest accepted is " + Integer.MAX_VALUE);
        }
    }
}
