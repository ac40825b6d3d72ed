package dev.playbook.testing;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * Reads a Delta table with Delta Kernel (no Spark), the way an independent BI connector would, and renders
 * every row as text; {@link #render(Row)} renders a Spark row the same way, so both can be compared.
 */
public final class KernelReader {
  private KernelReader() {}

  public static List<String> readAll(String path) {
    Engine engine = DefaultEngine.create(new Configuration());
    List<String> rows = new ArrayList<>();
    try {
      Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
      Scan scan = snapshot.getScanBuilder().build();
      io.delta.kernel.data.Row state = scan.getScanState(engine);
      StructType physical = ScanStateRow.getPhysicalDataReadSchema(state);
      try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
        while (files.hasNext()) {
          try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
            while (fileRows.hasNext()) {
              io.delta.kernel.data.Row fileRow = fileRows.next();
              FileStatus status = InternalScanFileUtils.getAddFileStatus(fileRow);
              CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                  .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty())
                  .map(r -> r.getData());
              try (CloseableIterator<FilteredColumnarBatch> logical =
                  Scan.transformPhysicalData(engine, state, fileRow, data)) {
                while (logical.hasNext()) {
                  FilteredColumnarBatch batch = logical.next();
                  try (CloseableIterator<io.delta.kernel.data.Row> it = batch.getRows()) {
                    while (it.hasNext()) {
                      rows.add(render(it.next(), batch.getData().getSchema()));
                    }
                  }
                }
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static String render(io.delta.kernel.data.Row row, StructType schema) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < schema.length(); i++) {
      values.add(row.isNullAt(i) ? "null" : value(row, i, schema.at(i).getDataType()));
    }
    return "[" + String.join(",", values) + "]";
  }

  private static String value(io.delta.kernel.data.Row row, int i, DataType type) {
    if (type instanceof StringType) {
      return row.getString(i);
    } else if (type instanceof BooleanType) {
      return String.valueOf(row.getBoolean(i));
    } else if (type instanceof IntegerType) {
      return String.valueOf(row.getInt(i));
    } else if (type instanceof LongType) {
      return String.valueOf(row.getLong(i));
    } else if (type instanceof DoubleType) {
      return String.valueOf(row.getDouble(i));
    } else if (type instanceof DecimalType) {
      return row.getDecimal(i).toPlainString();
    } else if (type instanceof DateType) {
      return LocalDate.ofEpochDay(row.getInt(i)).toString();
    } else if (type instanceof TimestampType) {
      long micros = row.getLong(i);
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
    } else if (type instanceof StructType s) {
      return render(row.getStruct(i), s);
    } else if (type instanceof ArrayType a) {
      ColumnVector elements = row.getArray(i).getElements();
      List<String> out = new ArrayList<>();
      for (int j = 0; j < elements.getSize(); j++) {
        out.add(elements.isNullAt(j) ? "null" : element(elements, j, a.getElementType()));
      }
      return "[" + String.join(",", out) + "]";
    }
    return "<" + type + ">";
  }

  private static String element(ColumnVector v, int j, DataType type) {
    if (type instanceof StringType) {
      return v.getString(j);
    } else if (type instanceof DoubleType) {
      return String.valueOf(v.getDouble(j));
    } else if (type instanceof IntegerType) {
      return String.valueOf(v.getInt(j));
    } else if (type instanceof LongType) {
      return String.valueOf(v.getLong(j));
    }
    return "<" + type + ">";
  }

  /** A Spark row rendered like {@link #readAll} renders a Kernel row. */
  public static String render(Row row) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      values.add(sparkValue(row.get(i)));
    }
    return "[" + String.join(",", values) + "]";
  }

  private static String sparkValue(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    } else if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    } else if (v instanceof java.sql.Timestamp t) {
      return t.toInstant().toString();
    } else if (v instanceof Row r) {
      return render(r);
    } else if (v instanceof scala.collection.Seq<?> s) {
      List<String> out = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(x -> out.add(sparkValue(x)));
      return "[" + String.join(",", out) + "]";
    }
    return v.toString();
  }
}
