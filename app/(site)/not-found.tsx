import { NotFoundContent } from "@/app/ui/not-found-content";

export default function NotFound() {
  return <NotFoundContent />;
}
