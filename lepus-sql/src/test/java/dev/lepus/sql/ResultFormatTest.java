package dev.lepus.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ResultFormatTest {

    private static final ResultTable T = new ResultTable(List.of("name", "mailbox"),
        List.of(Arrays.asList("web", 12L), Arrays.asList("a,\"b\"", null)));

    @Test
    void table_alignsNumbersRight() {
        assertEquals("""
            name  | mailbox
            ------+--------
            web   |      12
            a,"b" |    NULL
            (2 rows)
            """, ResultFormat.TABLE.format(T));
    }

    @Test
    void csv_quotesPerRfc4180() {
        assertEquals("name,mailbox\r\nweb,12\r\n\"a,\"\"b\"\"\",\r\n", ResultFormat.CSV.format(T));
    }

    @Test
    void json_writesColumnsAndRows() {
        assertEquals("{\"columns\":[\"name\",\"mailbox\"],\"rows\":[[\"web\",12],[\"a,\\\"b\\\"\",null]]}\n",
            ResultFormat.JSON.format(T));
    }
}
