package io.llmcost.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.llmcost.sweep.Grid;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * The classes llmcost ships under Kryo. A partial frontier is primitive arrays, which Kryo's field serializer writes
 * compactly. The grid is broadcast once per job and holds Java records (the law's fitted range), which the Kryo of
 * Spark cannot build a field serializer for: it goes through Java serialisation, as under Spark's default serializer.
 */
public final class KryoClasses implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(WirePartial.class);
        kryo.register(Grid.class, new JavaSerializer());
    }
}
