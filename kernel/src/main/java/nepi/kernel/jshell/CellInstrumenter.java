package nepi.kernel.jshell;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the bytecode of classes compiled from cells:
 * <ul>
 *   <li>a call to {@link CellGuard#check()} before every backward jump, so that an interrupt stops even a loop that
 *   never sleeps or waits (Thread.stop is gone from recent JDKs);</li>
 *   <li>{@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} redirected to {@link CellGuard}, which
 *   refuses them.</li>
 * </ul>
 * The inserted call takes and leaves nothing on the operand stack and adds no branch, so stack map frames stay
 * valid as they are.
 */
final class CellInstrumenter {

    private static final String GUARD = Type.getInternalName(CellGuard.class);

    byte[] instrument(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        return new GuardingMethodVisitor(
                                super.visitMethod(access, name, descriptor, signature, exceptions));
                    }
                },
                0);
        return writer.toByteArray();
    }

    private static final class GuardingMethodVisitor extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        GuardingMethodVisitor(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "check", "()V", false);
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC
                    && "java/lang/System".equals(owner)
                    && "exit".equals(name)
                    && "(I)V".equals(descriptor)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL
                    && "java/lang/Runtime".equals(owner)
                    && ("exit".equals(name) || "halt".equals(name))
                    && "(I)V".equals(descriptor)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "runtimeExit", "(Ljava/lang/Runtime;I)V", false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }
    }
}
