/**
 * Medusa UI, evaluated as the third step of the start (main.tsx): its Button
 * module builds its variants' classes with tailwind-merge as it loads, and
 * tailwind-merge sets up its class map on that first call (a task of ~15 ms
 * on this machine's CPU, several times that on a phone's), so that set-up
 * is not part of the app's own step. Importing it is all this module does.
 */
export { Button } from "@medusajs/ui"
